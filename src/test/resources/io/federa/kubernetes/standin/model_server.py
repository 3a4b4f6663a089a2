"""STAND-IN model server (test and demo code, never part of the portal).

Plays one revision of a KServe predictor: the storage initializer (fetches the model from
STORAGE_URI, an http(s) URL such as the portal's signed, expiring artifact link) and the sklearn
model server speaking the Open Inference Protocol v2:

  GET  /v2/health/live, /v2/health/ready
  GET  /v2/models/<name>, /v2/models/<name>/ready
  POST /v2/models/<name>/infer

Started by InferenceServiceStandIn (docs/adr/0033). The storage URI comes in the environment, not on
the command line (it carries a signature), and never appears in what this prints. On success it
prints one line `READY <port>` to stdout and serves until terminated; on failure one line
`FAILED <reason> <message>` (reasons as KServe's: StorageFetchFailed, ModelLoadFailed,
NoSupportingRuntime) and exits 2.
"""

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVED_FORMATS = ("sklearn",)
MAX_MODEL_BYTES = 512 * 1024 * 1024


def fail(reason, message):
    print("FAILED %s %s" % (reason, " ".join(str(message).split())), flush=True)
    sys.exit(2)


def without_query(uri):
    parts = urllib.parse.urlsplit(uri)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def fetch(uri, timeout):
    """The storage initializer: downloads the model file; the signature never reaches a message."""
    shown = without_query(uri)
    if urllib.parse.urlsplit(uri).scheme not in ("http", "https"):
        fail("StorageFetchFailed", "storageUri %s: only http and https URLs are fetched here" % shown)
    try:
        with urllib.request.urlopen(uri, timeout=timeout) as response:
            data = response.read(MAX_MODEL_BYTES + 1)
    except urllib.error.HTTPError as e:
        fail("StorageFetchFailed", "fetching %s answered HTTP %d %s" % (shown, e.code, e.reason))
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        fail("StorageFetchFailed", "fetching %s failed: %s" % (shown, reason))
    if len(data) > MAX_MODEL_BYTES:
        fail("StorageFetchFailed", "%s is larger than %d bytes" % (shown, MAX_MODEL_BYTES))
    return data


def load_sklearn(data):
    import joblib  # imported here: a fetch failure is reported without paying for scikit-learn

    with tempfile.NamedTemporaryFile(suffix=".joblib") as f:
        f.write(data)
        f.flush()
        try:
            model = joblib.load(f.name)
        except Exception as e:  # noqa: BLE001 - any unpickling error means "not a model"
            fail("ModelLoadFailed", "the file is not a scikit-learn model (joblib could not load it: %s)"
                 % type(e).__name__)
    if not callable(getattr(model, "predict", None)):
        fail("ModelLoadFailed", "the file holds a %s, not a scikit-learn estimator with predict()"
             % type(model).__name__)
    return model


DATATYPES = {"b": "BOOL", "i": "INT64", "u": "UINT64", "f": "FP64", "U": "BYTES", "O": "BYTES", "S": "BYTES"}


class BadRequest(Exception):
    pass


def infer(model, name, request):
    import numpy as np

    inputs = request.get("inputs") if isinstance(request, dict) else None
    if not isinstance(inputs, list) or len(inputs) != 1 or not isinstance(inputs[0], dict):
        raise BadRequest("expected exactly one input tensor in \"inputs\"")
    tensor = inputs[0]
    shape, data = tensor.get("shape"), tensor.get("data")
    if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape) or data is None:
        raise BadRequest("the input tensor needs \"shape\" (a list of sizes) and \"data\"")
    try:
        array = np.asarray(data, dtype=float).reshape(shape)
    except (ValueError, TypeError) as e:
        raise BadRequest("the input's data does not fit shape %s: %s" % (shape, e)) from e
    if array.ndim == 1:
        array = array.reshape(1, -1)
    try:
        result = np.asarray(model.predict(array))
    except Exception as e:  # noqa: BLE001 - the model's own refusal goes back to the caller
        raise BadRequest("the model refused the input: %s" % e) from e
    output = {
        "name": "output-0",
        "shape": list(result.shape),
        "datatype": DATATYPES.get(result.dtype.kind, "BYTES"),
        "data": result.tolist(),
    }
    answer = {"model_name": name, "model_version": None, "outputs": [output]}
    if "id" in request:
        answer["id"] = request["id"]
    return answer


def metadata(model, name):
    features = getattr(model, "n_features_in_", None)
    classes = getattr(model, "classes_", None)
    output_type = DATATYPES.get(classes.dtype.kind, "BYTES") if hasattr(classes, "dtype") else "FP64"
    return {
        "name": name,
        "versions": [],
        "platform": "sklearn",
        "inputs": [{"name": "input-0", "datatype": "FP64", "shape": [-1, features if features else -1]}],
        "outputs": [{"name": "output-0", "datatype": output_type, "shape": [-1]}],
    }


def handler_for(model, name):
    base = "/v2/models/" + name

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: the stand-in reads stdout for READY only
            pass

        def send(self, code, body):
            payload = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def not_found(self, path):
            parts = path.split("/")
            if len(parts) > 3 and parts[1:3] == ["v2", "models"]:
                self.send(404, {"error": "Model with name %s does not exist." % parts[3]})
            else:
                self.send(404, {"error": "Not found: %s" % path})

        def do_GET(self):
            path = self.path.split("?", 1)[0].rstrip("/")
            if path in ("/v2/health/live", "/v2/health/ready"):
                self.send(200, {"live": True} if path.endswith("live") else {"ready": True})
            elif path == base:
                self.send(200, metadata(model, name))
            elif path == base + "/ready":
                self.send(200, {"name": name, "ready": True})
            elif path == "/v2":
                self.send(200, {"name": "federa-standin-sklearn", "version": "1", "extensions": []})
            else:
                self.not_found(path)

        def do_POST(self):
            path = self.path.split("?", 1)[0].rstrip("/")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if path != base + "/infer":
                self.not_found(path)
                return
            try:
                request = json.loads(body or b"null")
                self.send(200, infer(model, name, request))
            except (ValueError, BadRequest) as e:
                self.send(400, {"error": str(e)})

    return Handler


def exit_with_parent():
    """The stand-in starts this server; when it dies without stopping it (kill -9), so does this."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    exit_with_parent()
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-name", required=True)
    parser.add_argument("--model-format", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fetch-timeout", type=float, default=30)
    args = parser.parse_args()
    uri = os.environ.get("STORAGE_URI", "")
    if not uri:
        fail("StorageFetchFailed", "the predictor has no storageUri")
    if args.model_format not in SERVED_FORMATS:
        fail("NoSupportingRuntime", "No runtime found to support predictor with model type: %s (this model "
             "server serves %s)" % (args.model_format, ", ".join(SERVED_FORMATS)))
    model = load_sklearn(fetch(uri, args.fetch_timeout))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(model, args.model_name))
    server.daemon_threads = True
    print("READY %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
