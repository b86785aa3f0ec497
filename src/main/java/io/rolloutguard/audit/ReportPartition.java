package io.rolloutguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a namespace's reports holds each object: a stable partition, so that one object created,
 * changed or deleted rewrites its own report and no other.
 *
 * <p>Each object has a fixed 64-bit hash of its kind and name (not its uid: a Deployment deleted
 * and created again keeps its place). A namespace's objects start in one report, {@value
 * ReportBuilder#NAME}; a report whose results would pass the size budget splits in two by the next
 * bit of the hash ({@code rollout-guard-0} and {@code rollout-guard-1}, then {@code
 * rollout-guard-01} and so on), and only that report: the others keep their names and content. The
 * partition is a function of the objects alone, so a new leader computes the same one without any
 * state, and it merges again when a subtree fits one report (at most one report's worth of results
 * moves then).
 *
 * <p>Why not one report per object, as Kyverno writes them: the number of reports, and of requests
 * to write them at the audit's rate limit, would grow with the objects rather than with their
 * results' bytes (10,000 Deployments in one namespace: 10,000 reports in etcd and over half an hour
 * of writes at 5 per second for the first audit, against 20 to 40 reports here), and a small
 * namespace would no longer have the one {@code rollout-guard} report dashboards and scripts read.
 */
final class ReportPartition {

  /** One object's results and their size as written. */
  record Entry(ObjectRef object, List<AuditResult> results, int bytes) {}

  /** The leaves of the tree: a bucket, named by its path of hash bits, and what it holds. */
  record Bucket(String path, List<Entry> entries) {

    String name() {
      return path.isEmpty() ? ReportBuilder.NAME : ReportBuilder.NAME + "-" + path;
    }

    List<AuditResult> results() {
      return entries.stream().flatMap(e -> e.results().stream()).toList();
    }
  }

  private static final int MAX_DEPTH = Long.SIZE;

  private final int budget;

  ReportPartition(int budget) {
    this.budget = budget;
  }

  /**
   * @param entries in the order their results are written; each object's results fit the budget
   *     (ReportBuilder shortens those that do not)
   */
  List<Bucket> buckets(List<Entry> entries) {
    List<Bucket> buckets = new ArrayList<>();
    place(entries, "", buckets);
    return buckets;
  }

  private void place(List<Entry> entries, String path, List<Bucket> out) {
    int bytes = entries.stream().mapToInt(Entry::bytes).sum();
    if (bytes <= budget || entries.size() < 2 || path.length() == MAX_DEPTH) {
      out.add(new Bucket(path, entries));
      return;
    }
    List<Entry> zero = new ArrayList<>();
    List<Entry> one = new ArrayList<>();
    int bit = path.length();
    for (Entry entry : entries) {
      (bitOf(hash(entry.object()), bit) == 0 ? zero : one).add(entry);
    }
    if (!zero.isEmpty()) {
      place(zero, path + "0", out);
    }
    if (!one.isEmpty()) {
      place(one, path + "1", out);
    }
  }

  private static int bitOf(long hash, int bit) {
    return (int) ((hash >>> (MAX_DEPTH - 1 - bit)) & 1);
  }

  /** The first 8 bytes of SHA-256 of "kind/name": the same on every replica and JVM. */
  static long hash(ObjectRef object) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((object.kind() + "/" + object.name()).getBytes(StandardCharsets.UTF_8));
      long hash = 0;
      for (int i = 0; i < 8; i++) {
        hash = (hash << 8) | (digest[i] & 0xff);
      }
      return hash;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
