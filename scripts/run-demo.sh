#!/usr/bin/env bash
# Starts the local MitID-style test provider and the portal; stopping the portal (Ctrl+C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
IDP_PORT="${IDP_PORT:-5001}"
# The same address the Makefile gives `flask demo load`, so the demo's accounts are the ones that log in here.
export LOCAL_IDP_URL="http://$HOST:$IDP_PORT"

.venv/bin/python -m devtools.idp --host "$HOST" --port "$IDP_PORT" &
idp_pid=$!
# The outbox worker delivers letters to the demo's file sink (instance/outbox); nothing is sent anywhere real.
.venv/bin/flask --app portal outbox deliver --loop --interval 5 >/dev/null &
outbox_pid=$!
# Day-before reminders of training sessions go into the outbox once a minute.
.venv/bin/flask --app portal sessions remind --loop --interval 60 >/dev/null &
session_remind_pid=$!
# Letters about free choice when a § 140 course starts late: each plan gets one; checked every five minutes.
.venv/bin/flask --app portal plans check --loop --interval 300 >/dev/null &
plans_check_pid=$!
# Program reminders on the weekdays citizens chose: the command sends at most one per program a day, so running it
# every ten minutes is safe and picks up a change of weekdays the same day.
(while true; do .venv/bin/flask --app portal programs remind >/dev/null || true; sleep 600; done) &
remind_pid=$!
# Login sessions that timed out are deleted every five minutes; a session is only ever checked when its browser
# comes back, so without this the table keeps every abandoned one.
(while true; do .venv/bin/flask --app portal sessions purge >/dev/null || true; sleep 300; done) &
purge_pid=$!
# The demo case system (devtools/case_system.py) plays the municipality's care record system through the API: once the
# portal answers, it grants Karen's open application, books her sessions, cancels one, and then polls the change feed.
.venv/bin/python -m devtools.case_system --portal "http://$HOST:$PORT" --interval 30 &
case_system_pid=$!
trap 'kill "$idp_pid" "$outbox_pid" "$session_remind_pid" "$plans_check_pid" "$remind_pid" "$purge_pid" "$case_system_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 100); do
  if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" \
    "$LOCAL_IDP_URL/.well-known/openid-configuration" 2>/dev/null; then
    break
  fi
  sleep 0.1
done

cat <<TEXT

  Træningsportalen for ${PORTAL_MUNICIPALITY:-norddjurs}: http://$HOST:$PORT/
  Local MitID test provider:  $LOCAL_IDP_URL/  (not real MitID; every person is fictitious)

  Click "Log ind" and pick a test persona on the provider's page:
    Log ind med MitID   Karen Testesen (citizen, 82), Bent Prøvesen (citizen with a § 140 plan, starts in time),
                        Inge Ventesen (§ 140 plan, late start: the letter about free choice),
                        Mette Testesen (relative with an accepted fuldmagt from Karen),
                        Ole Lavesen (MitID at low assurance: refused, to show the refusal)
    Log ind som læge    Lise Lægesen (GP, MitID Erhverv, Lægehuset Prøvevej)
    Medarbejder         Vibeke Visitator (visitator), Torben Terapeut (therapist)

  Karen has booked sessions ("Mine træningstider") and a self-training program ("Mit træningsprogram");
  Torben runs her course and builds programs; Lise reads the end note on her referral of Karen and follows
  her referral of Hans; Vibeke has three open cases under "Sager". Bent and Inge read their plans from the
  hospital under "Din genoptræningsplan"; Inge's start is late, so she has the letter about free choice.

  Letters and notices are written as files to instance/outbox/ by the outbox worker.

  The case-system API: http://$HOST:$PORT/api/v1/ (the demo case system "demo-omsorgssystem" works through it and
  prints what it does here; Karen sees its decision and bookings under "Mine sager" and "Mine træningstider").

TEXT

# No access log: request paths hold calendar feed tokens (/kalender/<token>.ics), which are secrets.
.venv/bin/gunicorn --bind "$HOST:$PORT" --workers 2 'portal:create_app()'
