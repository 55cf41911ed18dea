#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The app-key never shows in a whole dipcc-companion session: the app runs
# against dipcc-pbx-sim (its own Xvfb and D-Bus come from meson's test
# wrapper) with G_MESSAGES_DEBUG=all, connects, pops up an incoming call,
# quits; the key is in the (throwaway) keyring only. It may not appear on
# stdout/stderr, in the app's argv, or in its settings. TAP output.

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
APP = os.environ['DIPCC_APP']
APP_KEY = 'AppKey-3b8d1f6a-Rt4w'

results = []


def check(name, condition, detail=''):
    results.append(condition)
    print(('ok' if condition else 'not ok') + f' {len(results)} - {name}', flush=True)
    if not condition and detail:
        for line in str(detail).splitlines()[:20]:
            print('# ' + line, flush=True)


def leaks(data):
    forms = [APP_KEY.encode(), APP_KEY.encode().hex().encode()]
    return any(form in data for form in forms)


def main():
    tmp = tempfile.mkdtemp(prefix='dipcc-app-secrets-')
    world = os.path.join(tmp, 'world.json')
    with open(world, 'w') as f:
        json.dump({'app_key': APP_KEY}, f)
    sim = subprocess.Popen([SIM, '--rest-port', '0', '--ws-port', '0', '--ami-port', '0',
                            '--world', world, '--ring-timeout', '3000'],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready = json.loads(sim.stdout.readline())
    rest = f"http://127.0.0.1:{ready['rest_port']}"
    env = dict(os.environ,
               XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
               XDG_DATA_HOME=os.path.join(tmp, 'data'),
               XDG_CACHE_HOME=os.path.join(tmp, 'cache'),
               GSETTINGS_BACKEND='keyfile',
               SECRET_BACKEND='file',
               SECRET_FILE_TEST_PATH=os.path.join(tmp, 'keyring'),
               SECRET_FILE_TEST_PASSWORD='test',
               GIO_USE_PROXY_RESOLVER='dummy',
               G_MESSAGES_DEBUG='all', LC_ALL='C.UTF-8')
    env.pop('DIPCC_APP_KEY', None)
    try:
        for key, value in (('rest-url', rest), ('tenant', '1'),
                           ('ws-url', f"ws://127.0.0.1:{ready['ws_port']}"),
                           ('extension', '0101')):
            subprocess.run(['gsettings', 'set', 'io.github.dipcc.Companion', key, value],
                           env=env, check=True)
        stored = subprocess.run([CLI, 'secret', 'store', 'app-key'], input=APP_KEY + '\n',
                                env=env, text=True, capture_output=True)
        check('dipcc secret store took the key from stdin', stored.returncode == 0,
              stored.stderr)

        app = subprocess.Popen([APP], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
        time.sleep(0.5)
        with open(f'/proc/{app.pid}/cmdline', 'rb') as f:
            check('no secret in the app\'s argv', not leaks(f.read()))
        time.sleep(3)
        request = urllib.request.Request(
            rest + '/sim/incoming',
            data=json.dumps({'caller': '0212345678', 'to': '0101'}).encode(),
            headers={'app-key': APP_KEY, 'Content-Type': 'application/json'})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as response:
            response.read()
        time.sleep(2)
        app.send_signal(signal.SIGTERM)
        try:
            out, _ = app.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            out, _ = app.communicate()

        check('the app logged at debug level', b'-DEBUG' in out, out[-1500:])
        check('the app connected and used REST (its log says so)',
              b'Making the clients: REST http://127.0.0.1' in out, out[-1500:])
        check('no secret in the app\'s output', not leaks(out))
        settings = b''
        keyfile = os.path.join(tmp, 'config', 'glib-2.0', 'settings', 'keyfile')
        if os.path.exists(keyfile):
            with open(keyfile, 'rb') as f:
                settings = f.read()
        check('settings were written, and hold no secret',
              b'rest-url' in settings and not leaks(settings), settings[:500])
    finally:
        sim.send_signal(signal.SIGTERM)
        sim.wait(timeout=10)
        subprocess.run(['rm', '-rf', tmp])
    print(f'1..{len(results)}', flush=True)
    return 0 if all(results) else 1


sys.exit(main())
