package io.rolloutguard.cluster;

import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Whether this replica holds the controller lease, from the operator SDK's leader callbacks. Work
 * that only the leader does (the background audit) starts and stops here.
 *
 * <p>A replica that loses the lease while running exits, as Kubernetes' own controllers do, so that
 * its controller never reconciles beside the new leader's; its pod restarts as a follower. This is
 * done here rather than by JOSDK's {@code exitOnStopLeading}: that calls {@code System.exit} from
 * the elector, which also stops leading during a normal shutdown, and an exit inside a shutdown
 * hook blocks for good (a replica then never stopped). Quarkus's asynchronous exit shuts down
 * gracefully, and a lease given up by our own shutdown exits nothing.
 */
@ApplicationScoped
public class Leadership {

  private static final Logger LOG = Logger.getLogger(Leadership.class);

  /** Work done while leading. */
  public interface Duty {
    void start();

    void stop();
  }

  private final List<Duty> duties = new ArrayList<>();
  private final Runnable exit;
  private boolean leading;
  private boolean shuttingDown;

  @Inject
  public Leadership() {
    this(() -> Quarkus.asyncExit(1));
  }

  Leadership(Runnable exit) {
    this.exit = exit;
  }

  /** Called before the operator stops: the lease it gives up then is not a lost lease. */
  public synchronized void shuttingDown() {
    shuttingDown = true;
  }

  /** Called by the lease's elector thread: duties only schedule or cancel work. */
  public synchronized void started() {
    leading = true;
    duties.forEach(Duty::start);
  }

  public synchronized void stopped() {
    if (leading) {
      leading = false;
      duties.forEach(Duty::stop);
      if (!shuttingDown) {
        LOG.error("lost the controller lease: exiting, so that only the new leader reconciles");
        exit.run();
      }
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
