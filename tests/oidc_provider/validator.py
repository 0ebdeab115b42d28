"""The provider's claims, and two deliberately faulty clients for the refusal tests."""

import json
import os

from django.db import transaction
from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

# Tokens for this client name another audience than the client asking.
WRONG_AUDIENCE_CLIENT = "cercle-wrong-audience"
# Tokens for this client are signed with a key absent from the JWKS, under the JWKS key's id.
BAD_SIGNATURE_CLIENT = "cercle-bad-signature"


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.groups.filter(name="unverified-email").exists(),
            "name": user.get_full_name(),
            "given_name": user.first_name,
            "family_name": user.last_name,
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(token, token_handler, request)
        if request.client.client_id == WRONG_AUDIENCE_CLIENT:
            claims["aud"] = "another-service"
        return claims, expiration

    def finalize_id_token(self, id_token, token, token_handler, request):
        if request.client.client_id != BAD_SIGNATURE_CLIENT:
            return super().finalize_id_token(id_token, token, token_handler, request)
        claims, expiration = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:
            id_token["nonce"] = request.nonce
        header = {"typ": "JWT", "alg": "RS256", "kid": request.client.jwk_key.thumbprint()}
        signed = jwt.JWT(header=json.dumps(header), claims=json.dumps(id_token, default=str))
        signed.make_signed_token(jwk.JWK.from_pem(os.environ["OIDC_TEST_ROGUE_KEY"].encode()))
        with transaction.atomic():
            saved = self._save_id_token(id_token["jti"], request, expiration)
        request.access_token = saved
        request.id_token = saved
        return signed.serialize()
