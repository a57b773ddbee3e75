"""A software security key for tests: it answers WebAuthn's create and get as a USB key would (attestation "none",
ES256), so the server's real checks (challenge, origin, site, signature, sign count) run on real cryptography."""
from __future__ import annotations

import hashlib
import json
import os

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

USER_PRESENT, USER_VERIFIED, CREDENTIAL_INCLUDED = 0x01, 0x04, 0x40


class SoftKey:
    def __init__(self, origin: str = "http://localhost"):
        self.origin = origin
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.sign_count = 0

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": False}).encode()

    def _public_key(self) -> bytes:
        numbers = self.private.public_key().public_numbers()
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def create(self, options: dict, *, origin: str | None = None) -> dict:
        """navigator.credentials.create with these options (JSON form), answered in the browser's JSON form."""
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = (hashlib.sha256(options["rp"]["id"].encode()).digest()
                     + bytes([USER_PRESENT | USER_VERIFIED | CREDENTIAL_INCLUDED]) + self.sign_count.to_bytes(4, "big")
                     + bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + self._public_key())
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {"id": bytes_to_base64url(self.credential_id), "rawId": bytes_to_base64url(self.credential_id),
                "type": "public-key", "clientExtensionResults": {}, "authenticatorAttachment": "cross-platform",
                "response": {"clientDataJSON": bytes_to_base64url(client_data),
                             "attestationObject": bytes_to_base64url(attestation), "transports": ["usb"]}}

    def get(self, options: dict, *, origin: str | None = None, count: int | None = None) -> dict:
        """navigator.credentials.get: sign the challenge for the site; `count` forces the sign count (a clone)."""
        allowed = [base64url_to_bytes(item["id"]) for item in options.get("allowCredentials", [])]
        assert not allowed or self.credential_id in allowed, "the site does not ask for this key"
        self.sign_count = count if count is not None else self.sign_count + 1
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = (hashlib.sha256(options["rpId"].encode()).digest() + bytes([USER_PRESENT | USER_VERIFIED])
                     + self.sign_count.to_bytes(4, "big"))
        signature = self.private.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {"id": bytes_to_base64url(self.credential_id), "rawId": bytes_to_base64url(self.credential_id),
                "type": "public-key", "clientExtensionResults": {}, "authenticatorAttachment": "cross-platform",
                "response": {"clientDataJSON": bytes_to_base64url(client_data),
                             "authenticatorData": bytes_to_base64url(auth_data),
                             "signature": bytes_to_base64url(signature), "userHandle": None}}
