package io.rolloutguard.plugin;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

/** Client failures as one line a user can act on, with the plugin's exit status. */
final class Errors {

  private Errors() {}

  static PluginException from(KubernetesClientException e, String server) {
    // No HTTP status (fabric8 says -1 or 0): the request never got an answer.
    if (e.getCode() <= 0 && unreachable(e)) {
      return new PluginException(
          "cannot reach the cluster at " + server + ": " + oneLine(root(e)),
          PluginCommand.BAD_INPUT);
    }
    if (e.getCode() >= 400) {
      return new PluginException(oneLine(e), PluginCommand.REFUSED);
    }
    return new PluginException(oneLine(e), PluginCommand.BAD_INPUT);
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // ConnectException, UnknownHostException and SSL failures are IOExceptions too.
      if (t instanceof UnresolvedAddressException
          || t instanceof TimeoutException
          || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** The API server's status message when there is one, else the exception's, on one line. */
  static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      message = k.getStatus().getMessage();
    }
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
