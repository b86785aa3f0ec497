/**
 * The RolloutPolicy custom resource. The build generates its CRD into target/kubernetes; the copy
 * users install is manifests/base/crd.yaml.
 */
package io.rolloutguard.api;
