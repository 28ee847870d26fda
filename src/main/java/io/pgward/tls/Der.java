package io.pgward.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;

/** The little DER the PEM key formats need: writing a TLV, reading the elements of a SEQUENCE. */
final class Der {
    private Der() {}

    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** OID 1.2.840.10045.2.1, id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    /** One element: its tag and where its content lies in the array it was read from. */
    record Element(int tag, int start, int end) {}

    static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        int n = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 128) {
            out.write(n);
        } else if (n < 256) {
            out.write(0x81);
            out.write(n);
        } else if (n < 65536) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static Element read(byte[] der, int at) throws GeneralSecurityException {
        if (at + 2 > der.length) {
            throw new GeneralSecurityException("truncated DER");
        }
        int tag = der[at] & 0xff;
        int len = der[at + 1] & 0xff;
        int start = at + 2;
        if (len >= 0x80) {
            int bytes = len & 0x7f;
            if (bytes == 0 || bytes > 3 || start + bytes > der.length) {
                throw new GeneralSecurityException("unsupported DER length");
            }
            len = 0;
            for (int i = 0; i < bytes; i++) {
                len = (len << 8) | (der[start + i] & 0xff);
            }
            start += bytes;
        }
        if (start + len > der.length) {
            throw new GeneralSecurityException("truncated DER");
        }
        return new Element(tag, start, start + len);
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, OCTET STRING). */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        return tlv(0x30, VERSION_0, RSA_ALGORITHM, tlv(0x04, pkcs1));
    }

    /**
     * Wraps a SEC1 ECPrivateKey ("EC PRIVATE KEY", as {@code openssl ecparam -genkey} writes it) in a PKCS#8
     * PrivateKeyInfo whose algorithm names the curve found in the key's [0] parameters.
     */
    static byte[] ecToPkcs8(byte[] sec1) throws GeneralSecurityException {
        Element sequence = read(sec1, 0);
        int at = sequence.start();
        byte[] curve = null;
        while (at < sequence.end()) {
            Element e = read(sec1, at);
            if (e.tag() == 0xa0) {
                Element oid = read(sec1, e.start());
                curve = java.util.Arrays.copyOfRange(sec1, e.start(), oid.end());
            }
            at = e.end();
        }
        if (curve == null) {
            throw new GeneralSecurityException("the EC key does not name its curve");
        }
        return tlv(0x30, VERSION_0, tlv(0x30, EC_PUBLIC_KEY, curve), tlv(0x04, sec1));
    }
}
