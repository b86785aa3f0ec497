package io.rolloutguard.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * The app as E2EApp starts it, but serving admission only: tests that run their own controller
 * replicas use it, and it replaces whatever app an earlier test class left running.
 */
public class E2EWebhookOnlyApp extends E2EApp {

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    config.put("rolloutguard.controller.enabled", "false");
    return config;
  }
}
