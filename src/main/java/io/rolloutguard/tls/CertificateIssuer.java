package io.rolloutguard.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues a webhook CA, serving and client certificates with BouncyCastle, as PEM. */
public final class CertificateIssuer {

  /** A certificate with its private key, both PEM-encoded. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public String certificatePem() {
      return pem(certificate);
    }

    /** PKCS#8, which every TLS stack reads (Vert.x, Go's crypto/tls, openssl). */
    public String keyPem() {
      try {
        return pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null));
      } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // No static SecureRandom: a native image would build it into the image heap, seeded once at
  // build time and shared by every copy of the binary. Each issuance seeds its own at run time.

  private CertificateIssuer() {}

  public static Issued selfSignedCa(String commonName, Instant now, Duration validity) {
    SecureRandom random = new SecureRandom();
    KeyPair keys = newKeys(random);
    X500Name subject = new X500Name("CN=" + commonName);
    try {
      JcaX509v3CertificateBuilder builder = builder(subject, subject, keys, now, validity, random);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Issued(sign(builder, keys), keys);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not issue the CA certificate", e);
    }
  }

  /** A TLS server certificate for the given DNS names and IP addresses, signed by the CA. */
  public static Issued serving(Issued ca, List<String> names, Instant now, Duration validity) {
    SecureRandom random = new SecureRandom();
    KeyPair keys = newKeys(random);
    try {
      X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
      JcaX509v3CertificateBuilder builder =
          builder(issuer, new X500Name("CN=" + names.get(0)), keys, now, validity, random);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              names.stream().map(CertificateIssuer::altName).toArray(GeneralName[]::new)));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.certificate()));
      return new Issued(sign(builder, ca.keys()), keys);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not issue the serving certificate", e);
    }
  }

  /**
   * A TLS client certificate with {@code commonName} as its subject and DNS name, signed by the CA:
   * what the webhook port asks of its callers when it requires client certificates.
   */
  public static Issued client(Issued ca, String commonName, Instant now, Duration validity) {
    SecureRandom random = new SecureRandom();
    KeyPair keys = newKeys(random);
    try {
      X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
      JcaX509v3CertificateBuilder builder =
          builder(issuer, new X500Name("CN=" + commonName), keys, now, validity, random);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
      return new Issued(sign(builder, ca.keys()), keys);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not issue the client certificate", e);
    }
  }

  private static GeneralName altName(String name) {
    boolean ip = name.matches("[0-9.]+") || name.contains(":");
    return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer,
      X500Name subject,
      KeyPair keys,
      Instant now,
      Duration validity,
      SecureRandom random) {
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(127, random).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofMinutes(5))), // tolerate clock skew between nodes
        Date.from(now.plus(validity)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      ContentSigner signer1 =
          new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer1));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeys(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available", e);
    }
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
