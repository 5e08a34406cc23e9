// A front desk page, live (the day and week view's schedule, the waitlist):
// the event feed (Server-Sent Events as the signed-in member, the
// dashboard's stream) tells the page that something changed (a booking, a
// move, a cancellation, a check-in, a hold, an SMS status, a waitlist
// offer); the page then reads itself again and swaps its live region (the
// element with data-live-region) for the new one, so what the SQL shows is
// all there is: no rule lives here. A swap waits while the member is in a
// form of the region, and is announced to screen readers. Without
// JavaScript the page is a plain, reloadable page with working forms.
//
// The region's data- attributes say what to listen to: data-events-url,
// data-last-event-id (where the stream starts: nothing committed while the
// page was read is missed) and data-event-types; and what to say:
// data-live-status (the id of the polite status element) and
// data-live-updated (its sentence after a swap).

const RECONNECT_MS = 2000;

const schedule = document.querySelector("[data-live-region]");
const status = document.getElementById(schedule.dataset.liveStatus);
const eventTypes = schedule.dataset.eventTypes.split(" ").filter(Boolean);
let lastEventId = schedule.dataset.lastEventId;
let source = null;
let reading = null;
let readAgain = false;
let deferred = false;

function busy() {
  const active = document.activeElement;
  return schedule.contains(active) && active.closest("form, details");
}

async function readSchedule() {
  const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.getElementById(schedule.id);
  if (!fresh) return;  // signed out: the next reconnect finds out
  if (busy()) {
    deferred = true;
    return;
  }
  const open = [...schedule.querySelectorAll("details[open]")]
    .map((details) => details.closest("[data-appointment-id]")?.dataset.appointmentId)
    .filter(Boolean);
  schedule.replaceChildren(...fresh.childNodes);
  for (const id of open) {
    const details = schedule.querySelector(`[data-appointment-id="${CSS.escape(id)}"] details`);
    if (details) details.open = true;
  }
  status.textContent = schedule.dataset.liveUpdated;
}

function refresh() {
  if (reading) {
    readAgain = true;
    return;
  }
  reading = readSchedule()
    .catch(() => { /* the server is away: the next event reads again */ })
    .finally(() => {
      reading = null;
      if (readAgain) {
        readAgain = false;
        refresh();
      }
    });
}

function onEvent(event) {
  lastEventId = event.lastEventId || lastEventId;
  refresh();
}

function connect() {
  const url = new URL(schedule.dataset.eventsUrl, window.location.href);
  url.searchParams.set("last_event_id", lastEventId);
  source = new EventSource(url);
  for (const type of eventTypes) source.addEventListener(type, onEvent);
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, RECONNECT_MS);
  };
}

schedule.addEventListener("focusout", (event) => {
  if (deferred && !(event.relatedTarget && schedule.contains(event.relatedTarget))) {
    deferred = false;
    setTimeout(refresh, 0);
  }
});

connect();
