//! A minimal DER writer: enough to turn JWK public keys into
//! SubjectPublicKeyInfo (for PEM output and verification) and JWK private
//! RSA keys into PKCS#1. Parsing DER is left to `x509-parser`.

/// OID 1.2.840.113549.1.1.1 (rsaEncryption).
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// OID 1.2.840.10045.2.1 (id-ecPublicKey).
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// OID 1.2.840.10045.3.1.7 (P-256).
pub const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// OID 1.3.132.0.34 (P-384).
pub const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
/// OID 1.3.132.0.35 (P-521).
pub const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
/// OID 1.3.101.112 (Ed25519).
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// SEQUENCE of already-encoded elements.
pub fn sequence(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &items.concat())
}

/// An unsigned big-endian INTEGER (minimal, with a 0 byte when the high bit
/// is set).
pub fn uint(bytes: &[u8]) -> Vec<u8> {
    let trimmed: &[u8] = {
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        if skip == bytes.len() {
            &[0]
        } else {
            &bytes[skip..]
        }
    };
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(0x02, &content)
}

fn oid(o: &[u8]) -> Vec<u8> {
    tlv(0x06, o)
}

fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut content = vec![0u8];
    content.extend_from_slice(bytes);
    tlv(0x03, &content)
}

/// SubjectPublicKeyInfo for an RSA key.
pub fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
    let rsa_pub = sequence(&[uint(n), uint(e)]);
    sequence(&[
        sequence(&[oid(OID_RSA), vec![0x05, 0x00]]),
        bit_string(&rsa_pub),
    ])
}

/// SubjectPublicKeyInfo for an EC key, given the curve OID and the
/// uncompressed point (0x04 || x || y).
pub fn ec_spki(curve_oid: &[u8], point: &[u8]) -> Vec<u8> {
    sequence(&[sequence(&[oid(OID_EC), oid(curve_oid)]), bit_string(point)])
}

/// SubjectPublicKeyInfo for an Ed25519 key.
pub fn ed25519_spki(x: &[u8]) -> Vec<u8> {
    sequence(&[sequence(&[oid(OID_ED25519)]), bit_string(x)])
}

/// PKCS#1 RSAPrivateKey from its components (n, e, d, p, q, dp, dq, qi).
pub fn rsa_private_pkcs1(parts: [&[u8]; 8]) -> Vec<u8> {
    let mut items = vec![uint(&[0])];
    items.extend(parts.iter().map(|p| uint(p)));
    sequence(&items)
}

/// PEM armour.
pub fn to_pem(label: &str, der: &[u8]) -> String {
    pem::encode_config(
        &pem::Pem::new(label, der.to_vec()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(uint(&[0x00, 0x01]), vec![0x02, 0x01, 0x01]);
        assert_eq!(uint(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(&[0, 0]), vec![0x02, 0x01, 0x00]);
    }

    #[test]
    fn long_lengths_use_the_long_form() {
        let v = tlv(0x04, &[0u8; 300]);
        assert_eq!(&v[..4], &[0x04, 0x82, 0x01, 0x2c]);
    }

    #[test]
    fn rsa_spki_round_trips_through_x509_parser() {
        use x509_parser::prelude::FromDer;
        let n = [0xc3u8; 256];
        let der = rsa_spki(&n, &[1, 0, 1]);
        let (_, spki) = x509_parser::x509::SubjectPublicKeyInfo::from_der(&der).unwrap();
        match spki.parsed().unwrap() {
            x509_parser::public_key::PublicKey::RSA(k) => {
                assert_eq!(k.key_size(), 2048);
                assert_eq!(k.exponent, &[1, 0, 1]);
            }
            other => panic!("{other:?}"),
        }
    }
}
