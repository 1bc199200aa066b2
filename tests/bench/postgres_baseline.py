"""The PostgreSQL baseline of the enps workload.

A throw-away cluster: initdb in a temporary directory, started with pg_ctl
on a free loopback port (TCP only on 127.0.0.1, its Unix socket in the
temporary directory), the answers loaded with COPY, the GROUP BY query an
analyst would write timed with psql's \\timing (server round trip included,
no result transfer beyond 50 rows), then the cluster is stopped and the
directory removed, whatever happens.  PostgreSQL refuses to run as root, so
as root the server runs as the `postgres` user (runuser).  It runs on the
first rows of the data (enps_slice.csv, at most 5 M): rates per answer are
compared.  PostgreSQL may use its parallel workers; the library uses one
core.
"""

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile

from baselines import Skip

QUERY = """SELECT segment,
       count(*) FILTER (WHERE answer <= 6) AS detractors,
       count(*) FILTER (WHERE answer BETWEEN 7 AND 8) AS passives,
       count(*) FILTER (WHERE answer >= 9) AS promoters,
       round(100.0 * (count(*) FILTER (WHERE answer >= 9)
                      - count(*) FILTER (WHERE answer <= 6)) / count(*), 2) AS enps
  FROM answers GROUP BY segment ORDER BY segment;"""


def find_bindir():
    for pat in ("/usr/lib/postgresql/*/bin",):
        for d in sorted(glob.glob(pat), reverse=True):
            if os.path.exists(os.path.join(d, "initdb")):
                return d
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(os.path.realpath(initdb))
    raise Skip("PostgreSQL server not found (no initdb): apt-get install postgresql")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(datadir, m, reps):
    bindir = find_bindir()
    csv = os.path.abspath(os.path.join(datadir, "enps_slice.csv"))
    with open(csv, "rb") as f:
        rows = sum(1 for _ in f)
    as_user = []
    tmp = tempfile.mkdtemp(prefix="sqlscore-bench-pg-")
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(tmp, ignore_errors=True)
            raise Skip("running as root and no 'postgres' user to run the server as")
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(tmp, "data")
    port = free_port()
    started = False

    def sh(cmd, **kw):
        return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, **kw)

    psql = [os.path.join(bindir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
            "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres"]
    try:
        sh(as_user + [os.path.join(bindir, "initdb"), "-D", data, "-U", "postgres",
                      "-A", "trust", "--no-sync", "-E", "UTF8"])
        sh(as_user + [os.path.join(bindir, "pg_ctl"), "-D", data, "-w", "-l",
                      os.path.join(tmp, "server.log"), "-o",
                      "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off "
                      "-c shared_buffers=256MB -c work_mem=64MB" % (port, tmp), "start"])
        started = True
        # \copy reads the file on the client side, so the server user
        # needs no access to the build directory.
        sh(psql + ["-c", "CREATE TABLE answers (segment integer NOT NULL, "
                         "answer smallint NOT NULL)",
                   "-c", "\\copy answers FROM '%s' WITH (FORMAT csv)" % csv,
                   "-c", "VACUUM ANALYZE answers"])
        script = "\\o /dev/null\n\\timing on\n" + (QUERY + "\n") * (reps + 1)
        out = sh(psql, input=script).stdout
        ms = [float(x) for x in re.findall(r"Time: ([0-9.]+) ms", out)]
        if len(ms) != reps + 1:
            raise RuntimeError("psql printed %d timings, expected %d:\n%s"
                               % (len(ms), reps + 1, out))
        res = sh(psql + ["-A", "-t", "-c", "SELECT version()", "-c",
                         "SHOW max_parallel_workers_per_gather"]).stdout.split("\n")
        print("note enps postgresql: %s; %s parallel workers per gather; %d rows"
              % (res[0].split(",")[0], res[1], rows))
        times = sorted(ms[1:])
        mid = len(times) // 2
        med = times[mid] if len(times) % 2 else (times[mid - 1] + times[mid]) / 2
        return rows, med / 1000.0
    except subprocess.CalledProcessError as e:
        raise RuntimeError("%s failed: %s" % (" ".join(e.cmd), e.stdout))
    finally:
        if started:
            subprocess.run(as_user + [os.path.join(bindir, "pg_ctl"), "-D", data, "-w",
                                      "-m", "fast", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)
