"""Per-view additions to the Content-Security-Policy set in settings.CONTENT_SECURITY_POLICY."""

from csp.constants import WASM_UNSAFE_EVAL
from csp.decorators import csp_update

# A page whose script compiles WebAssembly (the vendored QR-code decoder of the check-in page)
# needs 'wasm-unsafe-eval': browsers refuse WebAssembly.instantiate() without it. It allows
# compiling WebAssembly only, not JavaScript eval(); the other pages keep script-src 'self'.
allow_webassembly = csp_update({"script-src": [WASM_UNSAFE_EVAL]})
