package io.rolloutguard.admission;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Health and metrics, on the management interface's port (plain HTTP, random in the tests). */
public final class Management {

  private Management() {}

  public static int port() {
    return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
  }

  public static RequestSpecification given() {
    return RestAssured.given().baseUri("http://localhost").port(port());
  }
}
