package io.rolloutguard.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this replica holds the controller lease, from the operator SDK's leader callbacks. Work
 * that only the leader does (the background audit) starts and stops here. JOSDK 5.3.2's {@code
 * build()} leaves {@code exitOnStopLeading} false, so a replica that loses the lease goes on
 * running: such work must stop by itself.
 */
@ApplicationScoped
public class Leadership {

  /** Work done while leading. */
  public interface Duty {
    void start();

    void stop();
  }

  private final List<Duty> duties = new ArrayList<>();
  private boolean leading;

  /** Called by the lease's elector thread: duties only schedule or cancel work. */
  public synchronized void started() {
    leading = true;
    duties.forEach(Duty::start);
  }

  public synchronized void stopped() {
    if (leading) {
      leading = false;
      duties.forEach(Duty::stop);
    }
  }

  public synchronized boolean leading() {
    return leading;
  }

  /** Starts the duty now when this replica leads already, else when it starts leading. */
  public synchronized void whileLeading(Duty duty) {
    duties.add(duty);
    if (leading) {
      duty.start();
    }
  }
}
