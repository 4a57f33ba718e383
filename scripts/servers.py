"""Start cmd/awssim and moto_server on free loopback ports, for the scripts
that measure or compare them (loopback-bench.py, moto-compare.py).

Each start function returns (endpoint, stop); stop ends the process it
started and nothing else.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_awssim():
    """go build ./cmd/awssim into a temporary directory and run it on a free
    port; the first line it prints is its address."""
    tmp = tempfile.mkdtemp()
    binary = os.path.join(tmp, "awssim")
    subprocess.run(["go", "build", "-o", binary, "./cmd/awssim"], cwd=ROOT, check=True)
    proc = subprocess.Popen([binary, "-port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    endpoint = line[line.find("http://127.0.0.1:"):].split()[0] if "http://127.0.0.1:" in line else ""
    if not endpoint:
        proc.kill()
        sys.exit("cmd/awssim did not start: " + line + proc.stdout.read())

    def stop():
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    return endpoint, stop


def start_moto():
    """moto_server -p PORT on a free port, waited for until it answers."""
    if shutil.which("moto_server") is None:
        sys.exit("moto_server not found: pip install 'moto[server]'")
    port = free_port()
    proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = "http://127.0.0.1:%d" % port
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            if proc.poll() is not None:
                sys.exit("moto_server exited with status %d" % proc.returncode)
            time.sleep(0.1)
    else:
        proc.kill()
        sys.exit("moto_server did not answer on " + endpoint)

    def stop():
        proc.terminate()
        proc.wait()

    return endpoint, stop


def client(name, endpoint):
    import boto3

    return boto3.client(
        name,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
