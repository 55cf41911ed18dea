#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The app-key and the AMI secret never show: a full dipcc session against
# dipcc-pbx-sim (ping over REST, WebSocket and AMI, calls following a few
# events, a click-to-call, wrong secrets, a crash) with G_MESSAGES_DEBUG=all,
# and neither secret may appear on stdout or stderr, nor in any process's
# argv (/proc/PID/cmdline). TAP output.

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

SIM = os.environ['DIPCC_PBX_SIM']
CLI = os.environ['DIPCC_CLI']
TIMINGS = ['--ring-delay', '200', '--answer-delay', '200', '--talk-time', '300',
           '--ring-timeout', '1500']

# distinctive, so a match cannot be a coincidence
APP_KEY = 'AppKey-7f3c9e21-Zq8x'
AMI_SECRET = 'AmiSecret-91b2c4d0-Wv5y'
WRONG_KEY = 'WrongKey-5d6e7f80-Pp3r'
WRONG_SECRET = 'WrongSecret-0a1b2c3d-Kk9m'
SECRETS = [APP_KEY, AMI_SECRET, WRONG_KEY, WRONG_SECRET]

results = []
transcript = []   # every byte any dipcc process wrote


def check(name, condition, detail=''):
    results.append((name, bool(condition)))
    print(('ok' if condition else 'not ok') + f' {len(results)} - {name}', flush=True)
    if not condition and detail:
        for line in str(detail).splitlines()[:20]:
            print('# ' + line, flush=True)


def leaks(data):
    """The secrets found in @data (bytes), in any of the forms a log could
    carry them."""
    found = []
    for secret in SECRETS:
        forms = [secret.encode(), secret.encode().hex().encode(),
                 json.dumps(secret)[1:-1].encode()]
        if any(form in data for form in forms):
            found.append(secret)
    return found


def argv_of(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read()
    except OSError:
        return b''


class Sim:
    def __init__(self, world):
        self.proc = subprocess.Popen(
            [SIM, '--rest-port', '0', '--ws-port', '0', '--ami-port', '0', '--world', world]
            + TIMINGS,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.ready = json.loads(self.proc.stdout.readline())
        self.rest = f"http://127.0.0.1:{self.ready['rest_port']}"
        self.ws = f"ws://127.0.0.1:{self.ready['ws_port']}"
        self.ami = f"127.0.0.1:{self.ready['ami_port']}"

    def inject(self, **call):
        request = urllib.request.Request(
            self.rest + '/sim/incoming', data=json.dumps(call).encode(),
            headers={'app-key': APP_KEY, 'Content-Type': 'application/json'})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)


def environment(**extra):
    env = dict(os.environ, GSETTINGS_BACKEND='memory', GIO_USE_PROXY_RESOLVER='dummy',
               G_MESSAGES_DEBUG='all', LC_ALL='C.UTF-8')
    env.pop('DIPCC_APP_KEY', None)
    env.pop('DIPCC_AMI_SECRET', None)
    env.update(extra)
    return env


def run(name, args, env, timeout=30):
    proc = subprocess.Popen([CLI] + args, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    cmdline = argv_of(proc.pid)
    out, err = proc.communicate(timeout=timeout)
    transcript.append(out + err)
    check(f'{name}: no secret in argv', not leaks(cmdline), cmdline)
    check(f'{name}: no secret in its output', not leaks(out + err), leaks(out + err))
    return proc.returncode, out, err


def main():
    tmp = tempfile.mkdtemp(prefix='dipcc-secrets-')
    world = os.path.join(tmp, 'world.json')
    key_file = os.path.join(tmp, 'app-key')
    secret_file = os.path.join(tmp, 'ami-secret')
    wrong_secret_file = os.path.join(tmp, 'wrong-secret')
    with open(world, 'w') as f:
        json.dump({'app_key': APP_KEY, 'ami_secret': AMI_SECRET}, f)
    for path, value in ((key_file, APP_KEY), (secret_file, AMI_SECRET),
                        (wrong_secret_file, WRONG_SECRET)):
        with open(path, 'w') as f:
            f.write(value + '\n')
        os.chmod(path, 0o600)

    sim = Sim(world)
    try:
        session(sim, key_file, secret_file, wrong_secret_file)
    finally:
        sim.stop()
        for name in os.listdir(tmp):
            os.unlink(os.path.join(tmp, name))
        os.rmdir(tmp)

    everything = b''.join(transcript)
    check('the session logged at debug level (G_MESSAGES_DEBUG=all took effect)',
          b'DEBUG' in everything or b'-DEBUG' in everything or b'Debug' in everything,
          everything[-2000:].decode(errors='replace'))
    check('no secret anywhere in the whole session', not leaks(everything))
    failed = [r for r in results if not r[1]]
    print(f'1..{len(results)}')
    return 1 if failed else 0


def session(sim, key_file, secret_file, wrong_secret_file):
    rest = ['--url', sim.rest, '--tenant', '1']
    env_secrets = environment(DIPCC_APP_KEY=APP_KEY, DIPCC_AMI_SECRET=AMI_SECRET)
    env_plain = environment()

    code, out, err = run('ping over REST and WebSocket (environment)',
                         ['ping'] + rest + ['--ws', sim.ws], env_secrets)
    check('ping over REST and WebSocket works', code == 0, out + err)

    code, out, err = run('ping over AMI (files)',
                         ['ping', '--ami', sim.ami, '--user', 'hello', '--secret-file',
                          secret_file, '--app-key-file', key_file] + rest, env_plain)
    check('ping over AMI works', code == 0, out + err)

    code, out, err = run('call (app-key file)',
                         ['call', '0216682471', '--from', '0101', '--app-key-file', key_file]
                         + rest, env_plain)
    check('call works', code == 0, out + err)

    code, out, err = run('history (environment)', ['history', '--limit', '3', '--json'] + rest,
                         env_secrets)
    check('history works', code == 0, out + err)

    code, out, err = run('wrong app-key', ['ping'] + rest,
                         environment(DIPCC_APP_KEY=WRONG_KEY))
    check('a wrong app-key fails', code == 1, out + err)

    code, out, err = run('wrong AMI secret',
                         ['ping', '--ami', sim.ami, '--user', 'hello', '--secret-file',
                          wrong_secret_file], env_plain)
    check('a wrong AMI secret fails', code == 1, out + err)

    # calls: a live session over AMI with a few events, then a crash
    proc = subprocess.Popen([CLI, 'calls', '--json', '--me', '0101', '--ami', sim.ami,
                             '--user', 'hello'], env=env_secrets,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(1.0)
        check('calls: no secret in argv', not leaks(argv_of(proc.pid)))
        sim.inject(caller='01012345678', name='Secret Tester', to='0101', answer_after=200,
                   hangup_after=200)
        time.sleep(2.0)
        proc.send_signal(signal.SIGABRT)   # crash output must not hold them either
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    transcript.append(out + err)
    check('calls saw the call', b'"incoming"' in out, (out + err).decode(errors='replace'))
    check('calls: no secret in its output or crash output', not leaks(out + err),
          leaks(out + err))


if __name__ == '__main__':
    sys.exit(main())
