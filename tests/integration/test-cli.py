#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The dipcc command-line tool end to end against dipcc-pbx-sim on loopback:
# ping, call, history, endpoints, monitor, calls and forward, their exit codes, and a
# reconnect after the simulator is killed and started again. TAP output.

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

SIM = os.environ['DIPCC_PBX_SIM']
CLI = os.environ['DIPCC_CLI']
TIMINGS = ['--ring-delay', '200', '--answer-delay', '200', '--talk-time', '300',
           '--ring-timeout', '1500']
ENV = dict(os.environ, DIPCC_APP_KEY='demo-app-key', DIPCC_AMI_SECRET='world',
           GSETTINGS_BACKEND='memory', GIO_USE_PROXY_RESOLVER='dummy')

results = []


def check(name, condition, detail=''):
    results.append((name, bool(condition), detail))
    print(('ok' if condition else 'not ok') + f' {len(results)} - {name}', flush=True)
    if not condition and detail:
        for line in str(detail).splitlines()[:20]:
            print('# ' + line, flush=True)


class Sim:
    def __init__(self, ports=(0, 0, 0)):
        self.proc = subprocess.Popen(
            [SIM, '--rest-port', str(ports[0]), '--ws-port', str(ports[1]),
             '--ami-port', str(ports[2])] + TIMINGS,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.ready = json.loads(line)
        self.rest = f"http://127.0.0.1:{self.ready['rest_port']}"
        self.ws = f"ws://127.0.0.1:{self.ready['ws_port']}"
        self.ami = f"127.0.0.1:{self.ready['ami_port']}"
        self.ports = (self.ready['rest_port'], self.ready['ws_port'], self.ready['ami_port'])

    def inject(self, **call):
        request = urllib.request.Request(
            self.rest + '/sim/incoming', data=json.dumps(call).encode(),
            headers={'app-key': 'demo-app-key', 'Content-Type': 'application/json'})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=10)


def dipcc(*args, timeout=20):
    return subprocess.run([CLI] + list(args), env=ENV, capture_output=True, text=True,
                          timeout=timeout)


def rest_args(sim):
    return ['--url', sim.rest, '--tenant', '1']


_readers = {}


def _reader(stream):
    """A thread that moves the lines of @stream into a queue."""
    if stream not in _readers:
        lines = queue.Queue()

        def pump():
            for line in stream:
                lines.put(line.rstrip('\n'))
        threading.Thread(target=pump, daemon=True).start()
        _readers[stream] = lines
    return _readers[stream]


def read_until(proc, predicate, seconds, stream=None):
    """Reads lines of @proc's stdout (or @stream) until @predicate(line) or
    the deadline."""
    lines = _reader(stream or proc.stdout)
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            return None
        if predicate(line):
            return line


def main():
    sim = Sim()
    try:
        run_all(sim)
    finally:
        sim.stop()
    failed = [r for r in results if not r[1]]
    print(f'1..{len(results)}')
    return 1 if failed else 0


def run_all(sim):
    r = dipcc('--help')
    check('--help exits 0 and lists the commands', r.returncode == 0 and 'monitor' in r.stdout,
          r.stdout + r.stderr)
    r = dipcc('bogus')
    check('an unknown command exits 2', r.returncode == 2, r.stderr)

    r = dipcc('ping', *rest_args(sim), '--ws', sim.ws, '--json')
    ok = False
    try:
        report = json.loads(r.stdout)
        ok = (r.returncode == 0 and report['rest']['ok'] and report['events'][0]['ok']
              and report['events'][0]['round_trip_ms'] >= 0)
    except (ValueError, KeyError, IndexError):
        pass
    check('ping over REST and WebSocket', ok, r.stdout + r.stderr)

    r = dipcc('ping', '--ami', sim.ami, '--user', 'hello')
    check('ping over AMI TCP', r.returncode == 0 and 'ok' in r.stdout, r.stdout + r.stderr)

    bad = dict(ENV, DIPCC_AMI_SECRET='wrong')
    r = subprocess.run([CLI, 'ping', '--ami', sim.ami, '--user', 'hello'], env=bad,
                       capture_output=True, text=True, timeout=30)
    check('a wrong AMI secret exits 1 and says so',
          r.returncode == 1 and 'rejected the AMI user or secret' in r.stdout + r.stderr,
          r.stdout + r.stderr)

    bad = dict(ENV, DIPCC_APP_KEY='not-the-key')
    r = subprocess.run([CLI, 'history'] + rest_args(sim), env=bad, capture_output=True,
                       text=True, timeout=30)
    check('a wrong app-key exits 1 with an actionable message',
          r.returncode == 1 and 'rejected the app key' in r.stderr, r.stderr)
    check('the app-key never shows in the output', 'not-the-key' not in r.stdout + r.stderr)

    r = dipcc('call', 'abc', *rest_args(sim), '--from', '0101')
    check('calling a non-number exits 2', r.returncode == 2, r.stderr)
    r = dipcc('call', '0216682471\r\nAction: Originate', *rest_args(sim), '--from', '0101')
    check('a number with CR LF is refused', r.returncode == 2, r.stderr)
    r = dipcc('call', '0216682471', '--url', 'http://127.0.0.1:1', '--tenant', '1',
              '--from', '0101')
    check('a closed port exits 1', r.returncode == 1 and 'refused' in r.stderr, r.stderr)

    # click-to-call, then find it in the history once the short call is over
    r = dipcc('call', '02-1668-2471', *rest_args(sim), '--from', '0101')
    check('call rings my phone first', r.returncode == 0 and '0101' in r.stdout, r.stdout + r.stderr)
    found = None
    for _ in range(50):
        h = dipcc('history', *rest_args(sim), '--json', '--limit', '5')
        rows = json.loads(h.stdout) if h.returncode == 0 else []
        found = [row for row in rows if row['destination'] == '0216682471']
        if found:
            break
        time.sleep(0.2)
    check('history --json shows the call placed', bool(found), h.stdout + h.stderr)

    h = dipcc('history', *rest_args(sim), '--json', '--type', 'in', '--limit', '7')
    rows = json.loads(h.stdout) if h.returncode == 0 else []
    check('history --type in gives only inbound calls',
          len(rows) == 7 and all(row['calltype'] == 'in' for row in rows), h.stdout + h.stderr)
    h = dipcc('history', *rest_args(sim), '--since', 'yesterday')
    check('an unreadable date exits 2', h.returncode == 2, h.stderr)

    r = dipcc('endpoints', '--ws', sim.ws, '--json')
    eps = json.loads(r.stdout) if r.returncode == 0 else []
    by_name = {e['name']: e for e in eps}
    check('endpoints lists the dozen phones with their registration',
          len(eps) == 12 and by_name['0103']['registered'] is False
          and by_name['0101']['registered'] is True, r.stdout + r.stderr)

    # monitor --json sees an injected call; calls follows it through the models
    monitor = subprocess.Popen([CLI, 'monitor', '--json', '--ws', sim.ws, '--events',
                                'UserEvent,Hangup'], env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    calls = subprocess.Popen([CLI, 'calls', '--json', '--ws', sim.ws, '--me', '0101'], env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    sim.inject(caller='0299998888', name='홍길동', did='0216682471', to='0101',
               answer_after=200, hangup_after=300)
    line = read_until(monitor, lambda l: 'UserEvent' in l, 10)
    event = json.loads(line) if line else {}
    check('monitor --json prints the incoming UserEvent',
          event.get('data', {}).get('CallerIDName') == '홍길동'
          and event['data'].get('UserEvent', '').startswith('incoming-'), line)
    incoming = read_until(calls, lambda l: '"incoming"' in l, 10)
    ended = read_until(calls, lambda l: '"ended"' in l, 10)
    inc = json.loads(incoming) if incoming else {}
    end = json.loads(ended) if ended else {}
    check('calls announces the call ringing 0101 once, from the models',
          inc.get('remote_number') == '0299998888' and inc.get('did') == '0216682471'
          and inc.get('direction') == 'inbound', incoming)
    check('calls sees it answered by 0101 and ended', end.get('answered_by') == '0101', ended)
    for proc in (monitor, calls):
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    check('monitor stops on SIGINT with exit 0', monitor.returncode == 0, monitor.stderr.read())

    # a call that started ringing before the app connected is known from the
    # channel listing alone, and still announced
    sim.inject(caller='0299996666', name='Before Connect', to='0101', answer_after=2500,
               hangup_after=200)
    time.sleep(0.3)
    calls = subprocess.Popen([CLI, 'calls', '--json', '--ws', sim.ws, '--me', '0101'], env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    incoming = read_until(calls, lambda l: '"incoming"' in l, 10)
    inc = json.loads(incoming) if incoming else {}
    check('a call ringing before connect is found by the resync and announced',
          inc.get('remote_name') == 'Before Connect', incoming)
    calls.send_signal(signal.SIGINT)
    calls.wait(timeout=10)

    # kill the simulator and start it again on the same ports: monitor
    # reconnects by itself and still sees the next call
    monitor = subprocess.Popen([CLI, 'monitor', '--json', '--ws', sim.ws, '--events',
                                'UserEvent'], env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    read_until(monitor, lambda l: l.endswith(': connected'), 10, monitor.stderr)
    ports = sim.ports
    sim.stop(signal.SIGKILL)
    lost = read_until(monitor, lambda l: 'reconnecting' in l, 10, monitor.stderr)
    check('monitor says it is reconnecting when the PBX dies', lost is not None)
    time.sleep(1.0)
    restarted = time.monotonic()
    sim.__init__(ports)
    back = read_until(monitor, lambda l: l.endswith(': connected'), 35, monitor.stderr)
    print(f'# monitor reconnected {time.monotonic() - restarted:.2f} s after the restart '
          '(backoff 0.5 s doubling, ±20 %)', flush=True)
    seen = None
    for _ in range(3):
        sim.inject(caller='0311112222', name='Again', to='0101')
        seen = read_until(monitor, lambda l: 'Again' in l, 5)
        if seen:
            break
    check('monitor reconnects after the PBX restarts and sees new calls',
          back is not None and seen is not None)
    monitor.send_signal(signal.SIGINT)
    monitor.wait(timeout=10)

    r = dipcc('monitor', '--ws', sim.ws, '--stats', '--max-events', '1', timeout=30)
    check('monitor --stats --max-events exits after N and prints the figures',
          r.returncode == 0 and 'messages/s:' in r.stdout, r.stdout + r.stderr)

    # call forwarding in the PBX's AstDB, over the WebSocket
    fwd = ['--ws', sim.ws, '--tenant', '1', '--from', '0101']
    r = dipcc('forward', 'always', '01012345678', *fwd)
    check('forward always NUMBER exits 0', r.returncode == 0, r.stdout + r.stderr)
    r = dipcc('forward', '--json', *fwd)
    kinds = []
    try:
        kinds = json.loads(r.stdout) if r.returncode == 0 else []
    except ValueError:
        pass
    by_kind = {k.get('kind'): k for k in kinds}
    check('forward --json shows always on, to that number, and the other three',
          len(kinds) == 4 and by_kind.get('always', {}).get('enabled') is True
          and by_kind['always'].get('destination') == '01012345678'
          and by_kind['always'].get('token') == 'CFI'
          and by_kind.get('busy', {}).get('enabled') is False, r.stdout + r.stderr)
    r = dipcc('forward', 'always', 'off', *fwd)
    check('forward always off exits 0', r.returncode == 0, r.stdout + r.stderr)
    r = dipcc('forward', 'CFI', '--json', *fwd)
    kinds = json.loads(r.stdout) if r.returncode == 0 else []
    check('forward always off keeps the number',
          len(kinds) == 1 and kinds[0]['enabled'] is False
          and kinds[0]['destination'] == '01012345678', r.stdout + r.stderr)
    r = dipcc('forward', 'sideways', '0101', *fwd)
    check('forward with an unknown kind exits 2', r.returncode == 2, r.stderr)
    r = dipcc('forward', 'busy', '0101;rm -rf', *fwd)
    check('forward to a number with invalid characters exits 2', r.returncode == 2, r.stderr)
    r = dipcc('forward', 'no-answer', 'on', *fwd)
    check('forward on with no number to forward to exits 2', r.returncode == 2, r.stderr)
    r = dipcc('forward', *fwd)
    check('forward shows the four kinds as a table',
          r.returncode == 0 and 'When busy' in r.stdout and 'When my phone is offline' in r.stdout,
          r.stdout + r.stderr)


if __name__ == '__main__':
    sys.exit(main())
