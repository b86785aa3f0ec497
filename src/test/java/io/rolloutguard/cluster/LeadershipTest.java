package io.rolloutguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leader-only duties start with the lease and stop when it is lost, whenever they register. */
class LeadershipTest {

  static Leadership.Duty recording(List<String> events, String name) {
    return new Leadership.Duty() {
      @Override
      public void start() {
        events.add(name + " start");
      }

      @Override
      public void stop() {
        events.add(name + " stop");
      }
    };
  }

  @Test
  void aLeaseLostWhileRunningExitsAndOneGivenUpByShutdownDoesNot() {
    int[] exits = {0};
    Leadership lost = new Leadership(() -> exits[0]++);
    lost.started();
    lost.stopped();
    assertEquals(1, exits[0], "lost while running");

    Leadership released = new Leadership(() -> exits[0]++);
    released.started();
    released.shuttingDown();
    released.stopped();
    assertEquals(1, exits[0], "given up by our own shutdown");
  }

  @Test
  void dutiesFollowTheLease() {
    Leadership leadership = new Leadership(() -> {});
    List<String> events = new ArrayList<>();

    leadership.whileLeading(recording(events, "early"));
    leadership.stopped(); // not leading yet: nothing to stop
    leadership.started();
    leadership.whileLeading(recording(events, "late")); // registers while leading: starts at once
    leadership.stopped();
    leadership.started();

    assertEquals(
        List.of(
            "early start", "late start", "early stop", "late stop", "early start", "late start"),
        events);
  }
}
