package io.rolloutguard.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/** The PolicyReports in the cluster: the requests the audit makes. */
interface ReportStore {

  /**
   * The metadata of every report with the given label, in every namespace: only the metadata is
   * read, as a report can be close to a megabyte.
   */
  List<ObjectMeta> list(String label, String value);

  /**
   * @return false when it exists already
   */
  boolean create(GenericKubernetesResource report);

  /** Whether the report carries this app's label: one another tool wrote is never replaced. */
  boolean managedByUs(String namespace, String name);

  /** Replaces the fields the audit writes, whatever the report's resourceVersion. */
  void apply(GenericKubernetesResource report);

  void delete(String namespace, String name);

  /** On the API server; server-side apply needs no resourceVersion and no read first. */
  static ReportStore of(KubernetesClient client) {
    var reports = client.genericKubernetesResources(PolicyReports.RESOURCE);
    return new ReportStore() {
      @Override
      public List<ObjectMeta> list(String label, String value) {
        return MetadataList.of(client, PolicyReports.RESOURCE, label + "=" + value);
      }

      @Override
      public boolean create(GenericKubernetesResource report) {
        try {
          reports.inNamespace(report.getMetadata().getNamespace()).resource(report).create();
          return true;
        } catch (KubernetesClientException e) {
          if (e.getCode() == 409) {
            return false;
          }
          throw e;
        }
      }

      @Override
      public boolean managedByUs(String namespace, String name) {
        var existing = reports.inNamespace(namespace).withName(name).get();
        var labels = existing == null ? null : existing.getMetadata().getLabels();
        // gone since the create found it: the apply that follows creates it as ours
        return existing == null
            || (labels != null && AuditResult.POLICY.equals(labels.get(PolicyReports.MANAGED_BY)));
      }

      @Override
      public void apply(GenericKubernetesResource report) {
        reports
            .inNamespace(report.getMetadata().getNamespace())
            .resource(report)
            .fieldManager(ReportWriter.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      }

      @Override
      public void delete(String namespace, String name) {
        reports.inNamespace(namespace).withName(name).delete();
      }
    };
  }
}
