#!/usr/bin/env python3
"""unitrun.py - start and stop systemd services inside a chroot that has no systemd.

The Ansible converge test (tests/ansible/run.sh) starts each service of the converged root with
exactly the command lines its rendered unit files hold: this reads the unit (and its drop-ins),
then does what systemd would for the settings the test's services use, and nothing else:

  User= Group= SupplementaryGroups= (and the user's own groups), EnvironmentFile= Environment=,
  WorkingDirectory=, UMask=, RuntimeDirectory= StateDirectory= LogsDirectory= (+ ...Mode=),
  ExecStartPre= ExecStart= ExecStop= (with the - and + prefixes), Type=simple|exec|notify|
  forking|oneshot, PIDFile=, StandardInput=socket with the ListenStream= (a unix path),
  SocketUser= SocketGroup= SocketMode= Backlog= of the matching .socket unit, the specifiers
  %i %I %n %N %p %t %S %L %C %%, and ${VAR} / $VAR in command lines. A socket-activated
  service runs under a holder process that keeps the socket open as systemd does: SIGHUP to it
  restarts the service on the same socket, SIGTERM stops both.

The sandbox settings (ProtectSystem=, SystemCallFilter=, ...) are not applied: they are rated by
`systemd-analyze security --offline=true` instead. Standard output and error go to
LOGDIR/<unit>.log (the journal's place).

  unitrun.py start --root ROOT --logs LOGDIR UNIT      prints the main PID (none for oneshot)
  unitrun.py stop  --root ROOT --logs LOGDIR UNIT PID  ExecStop= or the kill signal, then waits
  unitrun.py show  --root ROOT UNIT KEY                prints the setting's values, one a line
  unitrun.py procs --root ROOT                         PIDs of every process inside ROOT
"""
import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time

UNIT_DIRS = ["etc/systemd/system", "run/systemd/system", "lib/systemd/system", "usr/lib/systemd/system"]
RESETTABLE = {
    "ExecStartPre", "ExecStart", "ExecStartPost", "ExecStop", "ExecReload", "Environment",
    "EnvironmentFile", "SupplementaryGroups", "RuntimeDirectory", "StateDirectory",
    "LogsDirectory", "ListenStream",
}
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def die(msg):
    print("unitrun: " + msg, file=sys.stderr)
    sys.exit(1)


class Unit:
    """the merged settings of a unit file and its drop-ins, keyed by (section, key)"""

    def __init__(self, root, name):
        self.root = root
        self.name = name
        base, dot, suffix = name.rpartition(".")
        self.prefix, at, self.instance = base.partition("@")
        self.template = f"{self.prefix}@.{suffix}" if at else None
        self.values = {}
        self.path = None
        candidates = [name] + ([self.template] if self.template else [])
        for cand in candidates:
            for d in UNIT_DIRS:
                p = os.path.join(root, d, cand)
                if os.path.isfile(p):
                    self.path = p
                    break
            if self.path:
                break
        if self.path is None:
            raise FileNotFoundError(name)
        self._parse(self.path)
        dropins = {}
        for cand in reversed(candidates):  # the instance's drop-ins override the template's
            for d in reversed(UNIT_DIRS):  # /etc overrides /lib for the same file name
                dd = os.path.join(root, d, cand + ".d")
                if os.path.isdir(dd):
                    for f in os.listdir(dd):
                        if f.endswith(".conf"):
                            dropins[f] = os.path.join(dd, f)
        for f in sorted(dropins):
            self._parse(dropins[f])

    def _parse(self, path):
        section = None
        pending = ""
        with open(path, encoding="utf-8") as fh:
            for raw in fh:
                line = pending + raw.rstrip("\n")
                pending = ""
                if line.endswith("\\"):
                    pending = line[:-1] + " "
                    continue
                stripped = line.strip()
                if not stripped or stripped[0] in "#;":
                    continue
                if stripped.startswith("[") and stripped.endswith("]"):
                    section = stripped[1:-1]
                    continue
                key, _, value = stripped.partition("=")
                key, value = key.strip(), value.strip()
                slot = self.values.setdefault((section, key), [])
                if value == "" and key in RESETTABLE:
                    slot.clear()
                elif key in RESETTABLE:
                    slot.append(value)
                else:
                    slot[:] = [value]

    def get(self, section, key, default=None):
        v = self.values.get((section, key))
        return v[-1] if v else default

    def all(self, section, key):
        return list(self.values.get((section, key), []))

    def specifiers(self, text):
        unescaped = self.instance.replace("\\x2d", "-")
        table = {
            "i": self.instance, "I": unescaped, "n": self.name, "N": self.name.rpartition(".")[0],
            "p": self.prefix, "t": "/run", "S": "/var/lib", "L": "/var/log", "C": "/var/cache",
            "%": "%",
        }
        out, i = [], 0
        while i < len(text):
            if text[i] == "%" and i + 1 < len(text):
                spec = text[i + 1]
                if spec not in table:
                    die(f"{self.name}: specifier %{spec} is not supported")
                out.append(table[spec])
                i += 2
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


def read_db(root, name):
    """the root's own passwd or group file as {name: fields}"""
    entries = {}
    with open(os.path.join(root, "etc", name), encoding="utf-8") as fh:
        for line in fh:
            fields = line.rstrip("\n").split(":")
            if len(fields) >= 4:
                entries[fields[0]] = fields
    return entries


def identity(root, unit):
    """uid, gid, supplementary gids, home of the unit's User= and Group= in the root"""
    user = unit.get("Service", "User")
    if user is None:
        return 0, 0, [], "/root", "root"
    users, groups = read_db(root, "passwd"), read_db(root, "group")
    if user not in users:
        die(f"{unit.name}: no user {user} in the root")
    uid, gid, home = int(users[user][2]), int(users[user][3]), users[user][5]
    group = unit.get("Service", "Group")
    if group is not None:
        gid = int(groups[group][2])
    extra = [int(g[2]) for g in groups.values() if user in g[3].split(",")]
    for words in unit.all("Service", "SupplementaryGroups"):
        extra += [int(groups[g][2]) for g in words.split()]
    return uid, gid, sorted(set(extra + [gid])), home, user


def parse_env_assignment(text, env):
    """one KEY=VALUE line of an EnvironmentFile: quotes and backslash escapes as systemd reads them"""
    key, sep, value = text.partition("=")
    if not sep:
        return
    key, value = key.strip(), value.strip()
    out, i, quote = [], 0, None
    while i < len(value):
        c = value[i]
        if quote == "'":
            if c == "'":
                quote = None
            else:
                out.append(c)
        elif quote == '"':
            if c == '"':
                quote = None
            elif c == "\\" and i + 1 < len(value) and value[i + 1] in '"\\`$':
                i += 1
                out.append(value[i])
            else:
                out.append(c)
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(value):
            i += 1
            out.append(value[i])
        else:
            out.append(c)
        i += 1
    env[key] = "".join(out)


def environment(root, unit, home, user):
    env = {"PATH": DEFAULT_PATH, "LANG": "C.UTF-8", "HOME": home, "USER": user, "LOGNAME": user}
    for spec in unit.all("Service", "EnvironmentFile"):
        optional = spec.startswith("-")
        path = os.path.join(root, unit.specifiers(spec.lstrip("-")).lstrip("/"))
        if not os.path.exists(path):
            if optional:
                continue
            die(f"{unit.name}: EnvironmentFile {spec} is missing")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line and line[0] not in "#;":
                    parse_env_assignment(line, env)
    for words in unit.all("Service", "Environment"):
        for item in shlex.split(unit.specifiers(words)):
            parse_env_assignment(item, env)
    return env


def command(unit, line, env):
    """an Exec line's prefix flags and argv, specifiers and variables expanded"""
    flags = ""
    while line and line[0] in "-+!@:":
        flags += line[0]
        line = line[1:]
    words = []
    for word in shlex.split(unit.specifiers(line)):
        if ":" not in flags and word.startswith("$") and not word.startswith("${"):
            words += env.get(word[1:], "").split()  # $VAR splits into words
            continue
        if ":" not in flags:
            for k, v in env.items():
                word = word.replace("${" + k + "}", v)
        words.append(word)
    if "@" in flags:  # @path argv0 args
        words = [words[0]] + words[2:]
    return flags, words


def make_dirs(root, unit, uid, gid):
    for key, base in (("RuntimeDirectory", "run"), ("StateDirectory", "var/lib"),
                      ("LogsDirectory", "var/log")):
        mode = int(unit.get("Service", key + "Mode", "0755"), 8)
        for words in unit.all("Service", key):
            for d in words.split():
                path = os.path.join(root, base, d)
                os.makedirs(path, exist_ok=True)
                os.chown(path, uid, gid)
                os.chmod(path, mode)


def listen_socket(root, unit):
    """the listening socket of the .socket unit of the same name (StandardInput=socket)"""
    sock_unit = Unit(root, unit.prefix + ".socket")
    streams = sock_unit.all("Socket", "ListenStream")
    if len(streams) != 1 or not streams[0].startswith("/"):
        die(f"{sock_unit.name}: exactly one ListenStream= unix path is supported")
    path = os.path.join(root, streams[0].lstrip("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    users, groups = read_db(root, "passwd"), read_db(root, "group")
    owner = sock_unit.get("Socket", "SocketUser")
    group = sock_unit.get("Socket", "SocketGroup")
    os.chown(path, int(users[owner][2]) if owner else 0, int(groups[group][2]) if group else 0)
    os.chmod(path, int(sock_unit.get("Socket", "SocketMode", "0666"), 8))
    s.listen(int(sock_unit.get("Socket", "Backlog", "4096")))
    return s


def spawn(root, unit, flags, argv, env, ident, stdin, log):
    uid, gid, groups, home = ident
    workdir = unit.get("Service", "WorkingDirectory", "/")
    optional_wd = workdir.startswith("-")
    workdir = home if workdir.lstrip("-") == "~" else unit.specifiers(workdir.lstrip("-"))
    umask = int(unit.get("Service", "UMask", "0022"), 8)
    privileged = "+" in flags or "!" in flags

    def enter():
        os.chroot(root)
        try:
            os.chdir(workdir)
        except OSError:
            if not optional_wd:
                raise
            os.chdir("/")
        os.umask(umask)
        if not privileged:
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)

    return subprocess.Popen(argv, executable=argv[0], env=env, stdin=stdin, stdout=log,
                            stderr=subprocess.STDOUT, preexec_fn=enter, start_new_session=True,
                            close_fds=True)


def run_lines(root, unit, key, env, ident, log, timeout=120):
    for line in unit.all("Service", key):
        flags, argv = command(unit, line, env)
        proc = spawn(root, unit, flags, argv, env, ident, subprocess.DEVNULL, log)
        rc = proc.wait(timeout=timeout)
        if rc != 0 and "-" not in flags:
            die(f"{unit.name}: {key} {' '.join(argv)} exited with {rc} (see {log.name})")


def start(args):
    unit = Unit(args.root, args.unit)
    uid, gid, groups, home, user = identity(args.root, unit)
    env = environment(args.root, unit, home, user)
    ident = (uid, gid, groups, home)
    make_dirs(args.root, unit, uid, gid)
    log = open(os.path.join(args.logs, unit.name + ".log"), "ab")
    run_lines(args.root, unit, "ExecStartPre", env, ident, log)
    kind = unit.get("Service", "Type", "simple")
    if kind == "oneshot":
        run_lines(args.root, unit, "ExecStart", env, ident, log, timeout=args.timeout)
        return
    lines = unit.all("Service", "ExecStart")
    if len(lines) != 1:
        die(f"{unit.name}: one ExecStart= expected, found {len(lines)}")
    flags, argv = command(unit, lines[0], env)
    stdin = subprocess.DEVNULL
    sock = None
    if unit.get("Service", "StandardInput") == "socket":
        sock = listen_socket(args.root, unit)
        stdin = sock.fileno()
    if sock is not None:
        print(hold_socket(args.root, unit, flags, argv, env, ident, sock, log))
        return
    proc = spawn(args.root, unit, flags, argv, env, ident, stdin, log)
    if kind == "forking":
        rc = proc.wait(timeout=args.timeout)
        if rc != 0 and "-" not in flags:
            die(f"{unit.name}: {' '.join(argv)} exited with {rc} (see {log.name})")
        pidfile = unit.get("Service", "PIDFile")
        if pidfile is None:
            die(f"{unit.name}: Type=forking without PIDFile= is not supported")
        path = os.path.join(args.root, unit.specifiers(pidfile).lstrip("/"))
        for _ in range(args.timeout * 10):
            if os.path.exists(path) and open(path).read().strip():
                break
            time.sleep(0.1)
        print(open(path).read().split()[0])
        return
    if kind not in ("simple", "exec", "notify"):
        die(f"{unit.name}: Type={kind} is not supported")
    time.sleep(0.3)
    if proc.poll() is not None:
        die(f"{unit.name}: {' '.join(argv)} exited at once with {proc.returncode} (see {log.name})")
    print(proc.pid)


def hold_socket(root, unit, flags, argv, env, ident, sock, log):
    """what systemd does for a socket-activated service: a process that keeps the listening
    socket open and runs the service on it; SIGHUP restarts the service (stop, wait, start:
    connections made meanwhile wait in the socket's backlog), SIGTERM stops it and exits,
    a service that dies is started again (Restart=always). Returns the holder's PID."""
    pid = os.fork()
    if pid > 0:
        sock.close()
        time.sleep(0.3)
        if not alive(pid):
            die(f"{unit.name}: {' '.join(argv)} did not start (see {log.name})")
        return pid
    os.setsid()
    # the caller reads the PID from standard output until every writer closed it
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    wanted = {"restart": False, "stop": False}
    signal.signal(signal.SIGHUP, lambda *_: wanted.__setitem__("restart", True))
    signal.signal(signal.SIGTERM, lambda *_: wanted.__setitem__("stop", True))
    kill = getattr(signal, unit.get("Service", "KillSignal", "SIGTERM"))
    timeout = float(unit.get("Service", "TimeoutStopSec", "90").rstrip("s"))

    def note(text):
        log.write(f"unitrun: {unit.name}: {text}\n".encode())
        log.flush()

    def end(child):
        child.send_signal(kill)
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    child = spawn(root, unit, flags, argv, env, ident, sock.fileno(), log)
    while True:
        time.sleep(0.05)
        if wanted["stop"]:
            end(child)
            os._exit(0)
        if wanted["restart"]:
            wanted["restart"] = False
            end(child)
            child = spawn(root, unit, flags, argv, env, ident, sock.fileno(), log)
            note(f"restarted on the same socket, PID {child.pid}")
        elif child.poll() is not None:
            rc = child.returncode
            time.sleep(1)
            child = spawn(root, unit, flags, argv, env, ident, sock.fileno(), log)
            note(f"exited with {rc}, started again")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie whose parent (this tool's earlier run) is gone is reaped by init
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop(args):
    unit = Unit(args.root, args.unit)
    pid = int(args.pid)
    if unit.all("Service", "ExecStop"):
        uid, gid, groups, home, user = identity(args.root, unit)
        env = environment(args.root, unit, home, user)
        env["MAINPID"] = str(pid)
        log = open(os.path.join(args.logs, unit.name + ".log"), "ab")
        run_lines(args.root, unit, "ExecStop", env, (uid, gid, groups, home), log)
    else:
        sig = unit.get("Service", "KillSignal", "SIGTERM")
        try:
            os.kill(pid, getattr(signal, sig if sig.startswith("SIG") else "SIG" + sig))
        except ProcessLookupError:
            return
    for _ in range(args.timeout * 10):
        if not alive(pid):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    die(f"{unit.name}: PID {pid} did not stop within {args.timeout} s, killed")


def procs(args):
    root = os.path.realpath(args.root)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/root") == root and alive(int(entry)):
                    print(entry)
            except OSError:
                pass


def show(args):
    unit = Unit(args.root, args.unit)
    section = "Socket" if args.unit.endswith(".socket") else "Service"
    if args.unit.endswith(".timer"):
        section = "Timer"
    for v in unit.all(section, args.key):
        print(unit.specifiers(v))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("action", choices=["start", "stop", "show", "procs"])
    ap.add_argument("--root", required=True)
    ap.add_argument("--logs", default=".")
    ap.add_argument("--timeout", type=int, default=30)
    ap.add_argument("unit", nargs="?")
    ap.add_argument("extra", nargs="?")
    args = ap.parse_intermixed_args()
    args.root = os.path.realpath(args.root)
    if args.action == "procs":
        return procs(args)
    if args.unit is None:
        die("a unit name is needed")
    try:
        if args.action == "start":
            return start(args)
        if args.action == "show":
            args.key = args.extra
            return show(args)
        args.pid = args.extra
        return stop(args)
    except FileNotFoundError as e:
        die(f"no unit file for {e} in {args.root}")


if __name__ == "__main__":
    main()
