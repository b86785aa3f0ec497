package io.rolloutguard.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;

/**
 * A hand-written ClientHello, for protocol versions the JDK's own client refuses to offer (TLS 1.1
 * is disabled in java.security): it tells whether the server answers with a ServerHello.
 */
final class RawClientHello {

  static final int TLS_1_1 = 0x0302;
  static final int TLS_1_2 = 0x0303;
  static final int ECDHE_ECDSA_AES_128_CBC_SHA = 0xC009;
  static final int ECDHE_ECDSA_AES_128_GCM_SHA256 = 0xC02B;

  private RawClientHello() {}

  /** True when the server's first record is a ServerHello; false for an alert or a close. */
  static boolean answeredWithServerHello(int port, int version, int... suites) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(record(hello(version, suites)));
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int type = in.read();
      if (type != 0x16) {
        return false; // -1 (closed) or 0x15 (alert)
      }
      in.skipBytes(4); // record version and length
      return in.read() == 0x02; // handshake message type: ServerHello
    } catch (SocketException reset) {
      return false;
    }
  }

  private static byte[] hello(int version, int... suites) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    u16(body, version);
    body.writeBytes(new byte[32]); // random
    body.write(0); // no session id
    u16(body, suites.length * 2);
    for (int suite : suites) {
      u16(body, suite);
    }
    body.write(1); // one compression method: none
    body.write(0);
    ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    // supported_groups: secp256r1, secp384r1
    extension(extensions, 0x000a, new byte[] {0, 4, 0, 0x17, 0, 0x18});
    // ec_point_formats: uncompressed
    extension(extensions, 0x000b, new byte[] {1, 0});
    // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
    extension(extensions, 0x000d, new byte[] {0, 6, 4, 3, 8, 4, 4, 1});
    u16(body, extensions.size());
    body.writeBytes(extensions.toByteArray());

    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    handshake.write(0x01); // ClientHello
    u24(handshake, body.size());
    handshake.writeBytes(body.toByteArray());
    return handshake.toByteArray();
  }

  private static byte[] record(byte[] handshake) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x16); // handshake
    u16(out, 0x0301); // the record version most clients send in a first hello
    u16(out, handshake.length);
    out.writeBytes(handshake);
    return out.toByteArray();
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    u16(out, type);
    u16(out, data.length);
    out.writeBytes(data);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value >> 8);
    out.write(value);
  }

  private static void u24(ByteArrayOutputStream out, int value) {
    out.write(value >> 16);
    u16(out, value & 0xffff);
  }
}
