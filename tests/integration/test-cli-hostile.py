#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Hostile caller names (tests/data/hostile/names.txt) through dipcc's output:
# `dipcc calls --json` and `dipcc monitor --json` print one valid JSON object
# per line with the names escaped and, in calls, made displayable; the plain
# output of `dipcc calls` and `dipcc monitor` holds no raw control, escape,
# C1 or bidi character. The names reach the tool over AMI TCP, raw (CR LF,
# Latin-1 and CP949 bytes included), as a PBX relaying them would. TAP output.

import json
import os
import signal
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.request

SIM = os.environ['DIPCC_PBX_SIM']
CLI = os.environ['DIPCC_CLI']
SRCDIR = os.environ['G_TEST_SRCDIR']
ENV = dict(os.environ, DIPCC_APP_KEY='demo-app-key', DIPCC_AMI_SECRET='world',
           GSETTINGS_BACKEND='memory', GIO_USE_PROXY_RESOLVER='dummy', LC_ALL='C.UTF-8')
ENV.pop('G_MESSAGES_DEBUG', None)

results = []


def check(name, condition, detail=''):
    results.append((name, bool(condition)))
    print(('ok' if condition else 'not ok') + f' {len(results)} - {name}', flush=True)
    if not condition and detail:
        for line in str(detail).splitlines()[:20]:
            print('# ' + line, flush=True)


def load_corpus(name):
    """tests/data/hostile/NAME.txt as a list of bytes (see its README.md)."""
    entries = []
    path = os.path.join(SRCDIR, 'data', 'hostile', name + '.txt')
    with open(path, encoding='utf-8') as f:
        for line in f.read().split('\n'):
            if not line or line.startswith('#'):
                continue
            repeat = 1
            if line.startswith('!repeat '):
                _, n, line = line.split(' ', 2)
                repeat = int(n)
            entries.append(decode(line) * repeat)
    return entries


def decode(line):
    out = bytearray()
    i = 0
    simple = {'\\': b'\\', 'n': b'\n', 'r': b'\r', 't': b'\t', 'a': b'\a', 'e': b'\x1b',
              '0': b'\0'}
    while i < len(line):
        c = line[i]
        if c != '\\':
            out += c.encode()
            i += 1
            continue
        e = line[i + 1]
        if e in simple:
            out += simple[e]
            i += 2
        elif e == 'x':
            out.append(int(line[i + 2:i + 4], 16))
            i += 4
        elif e == 'u':
            end = line.index('}', i)
            out += chr(int(line[i + 3:end], 16)).encode()
            i = end + 1
        else:
            raise ValueError(f'unknown escape \\{e}')
    return bytes(out)


class Sim:
    def __init__(self):
        self.proc = subprocess.Popen(
            [SIM, '--rest-port', '0', '--ws-port', '0', '--ami-port', '0',
             '--ring-timeout', '300'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.ready = json.loads(self.proc.stdout.readline())
        self.rest = f"http://127.0.0.1:{self.ready['rest_port']}"
        self.ami = f"127.0.0.1:{self.ready['ami_port']}"

    def inject(self, name):
        # a name that is not UTF-8 goes as its bytes, read as Latin-1
        try:
            call = {'name': name.decode('utf-8')}
        except UnicodeDecodeError:
            call = {'name': name.decode('latin-1'), 'name_encoding': 'latin1'}
        call.update(caller='01012345678', to='0101', answer_after=None)
        request = urllib.request.Request(
            self.rest + '/sim/incoming', data=json.dumps(call).encode(),
            headers={'app-key': 'demo-app-key', 'Content-Type': 'application/json'})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())['data']['linkedid']

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)


class Tool:
    """A dipcc process whose whole output is kept as bytes."""

    def __init__(self, args):
        self.proc = subprocess.Popen([CLI] + args, env=ENV, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = bytearray()
        self.err = bytearray()
        self.threads = [threading.Thread(target=self.pump, args=(self.proc.stdout, self.out),
                                         daemon=True),
                        threading.Thread(target=self.pump, args=(self.proc.stderr, self.err),
                                         daemon=True)]
        for t in self.threads:
            t.start()

    @staticmethod
    def pump(stream, into):
        while True:
            chunk = stream.read1(65536)
            if not chunk:
                return
            into += chunk

    def wait_for(self, needle, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if needle in self.out:
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        for t in self.threads:
            t.join(timeout=5)
        return code


def bad_characters(text):
    """Characters that must not reach a terminal or a label raw."""
    return [hex(ord(c)) for c in text
            if c != '\n' and unicodedata.category(c) in ('Cc', 'Cf', 'Zl', 'Zp')]


def check_plain(name, data):
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        check(f'{name}: plain output is UTF-8', False, e)
        return
    check(f'{name}: plain output is UTF-8', True)
    bad = bad_characters(text)
    check(f'{name}: plain output has no raw control, ESC, C1 or bidi character', not bad,
          ' '.join(sorted(set(bad))))


def check_json_lines(name, data):
    objects = []
    for line in bytes(data).split(b'\n'):
        if not line:
            continue
        try:
            objects.append(json.loads(line.decode('utf-8')))
        except (UnicodeDecodeError, ValueError) as e:
            check(f'{name}: every line is one JSON object', False, repr(line[:200]) + str(e))
            return []
    check(f'{name}: every line is one JSON object ({len(objects)} lines)', len(objects) > 0)
    return objects


def main():
    names = load_corpus('names')
    sim = Sim()
    tools = {}
    try:
        ami = ['--ami', sim.ami, '--user', 'hello']
        tools = {
            'calls --json': Tool(['calls', '--json', '--me', '0101'] + ami),
            'calls': Tool(['calls', '--me', '0101'] + ami),
            'monitor --json': Tool(['monitor', '--json', '--events', 'Newchannel,UserEvent'] + ami),
            'monitor': Tool(['monitor', '--events', 'Newchannel,UserEvent'] + ami),
        }
        time.sleep(1.0)   # all four logged in
        linkedids = []
        for name in names:
            linkedids.append(sim.inject(name))
            time.sleep(0.05)
        # a last, plain call: once every tool has it, they have the others
        last = sim.inject(b'Last Caller')
        for label in ('calls --json', 'monitor --json'):
            check(f'{label} saw the calls through', tools[label].wait_for(b'Last Caller', 20))
        time.sleep(0.5)
    finally:
        codes = {label: tool.stop() for label, tool in tools.items()}
        sim.stop()

    for label, code in codes.items():
        check(f'{label} ends cleanly on SIGINT (exit 0)', code == 0,
              bytes(tools[label].err[-2000:]).decode(errors='replace'))

    calls = check_json_lines('calls --json', tools['calls --json'].out)
    shown = [o.get('remote_name', '') for o in calls if o.get('signal') == 'incoming']
    check('calls --json announced the hostile calls', len(shown) >= len(names) // 2,
          f'{len(shown)} of {len(names)}')
    bad = sorted({c for s in shown for c in bad_characters(s)})
    check('calls --json: names hold no control, format or separator character', not bad,
          ' '.join(bad))
    check('calls --json: names are at most 128 characters (+ …)',
          all(len(s) <= 129 for s in shown))
    check('calls --json: markup stays text', any('<b>bold</b>' in s for s in shown))
    check('calls --json: Latin-1 bytes show as U+FFFD',
          any('Caf\ufffd M\ufffdller' in s for s in shown))
    check('calls --json: the CR LF injection did not become an event',
          all(o.get('signal') in ('incoming', 'answered', 'missed', 'ended', 'endpoint')
              for o in calls))

    events = check_json_lines('monitor --json', tools['monitor --json'].out)
    check('monitor --json: the injected "Event: Fake" stays inside its message',
          all(isinstance(e.get('data'), dict) for e in events))
    check_plain('calls', tools['calls'].out)
    check_plain('monitor', tools['monitor'].out)
    for label, tool in tools.items():
        check_plain(f'{label} stderr', tool.err)

    failed = [r for r in results if not r[1]]
    print(f'1..{len(results)}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
