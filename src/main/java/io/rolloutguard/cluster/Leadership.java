package io.rolloutguard.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this replica holds the controller lease, from the operator SDK's leader callbacks. Work
 * that only the leader does (the background audit) starts from here. Losing the lease ends the
 * process (the operator SDK's default), so nothing has to stop again.
 */
@ApplicationScoped
public class Leadership {

  private final List<Runnable> onLeading = new ArrayList<>();
  private boolean leading;

  /** Called by the lease's elector thread: listeners only schedule work. */
  public synchronized void started() {
    leading = true;
    onLeading.forEach(Runnable::run);
  }

  public synchronized void stopped() {
    leading = false;
  }

  public synchronized boolean leading() {
    return leading;
  }

  /** Runs the listener now when this replica leads already, else when it starts leading. */
  public synchronized void whenLeading(Runnable listener) {
    onLeading.add(listener);
    if (leading) {
      listener.run();
    }
  }
}
