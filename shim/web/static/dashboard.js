// The dashboard, live: the event feed (Server-Sent Events as the signed-in
// member) re-reads the panel after each event, highlights a new hot lead and
// lists every event received. EventSource resumes with Last-Event-ID by
// itself after a dropped connection; when it gives up (the server refused a
// reconnect) a new one resumes from the last id seen. Event ids are opaque
// strings. Without JavaScript the page is a plain, reloadable page with
// working forms.
//
// The page says what to read and listen for (#dashboard's data- attributes,
// rendered by the server): data-events-url, data-last-event-id (where the
// stream starts), data-panel-url, data-sign-in-url, data-event-types (the
// event types the SQL emits, space-separated; shim/web/live_events.py) and
// data-hot-lead-event-type (the one that names a new hot lead),
// data-timezone (the clinic's zone: every time shown is on its clock, never
// the browser's) and data-event-words (each type in words, without names).
// The feed shows an event at once in those words; the panel the script
// re-reads then carries the newest events' full sentences (#feed-words,
// "SMS to Jane Doe delivered", public.dashboard_feed) and each feed item
// takes its own by event id. No raw event name is ever shown.

const RECONNECT_MS = 2000;

const root = document.getElementById("dashboard");
const eventTypes = root.dataset.eventTypes.split(" ").filter(Boolean);
const eventWords = JSON.parse(root.dataset.eventWords || "{}");
const clinicClock = new Intl.DateTimeFormat(undefined, {
  hour: "numeric", minute: "2-digit", timeZone: root.dataset.timezone || undefined,
});
const panel = document.getElementById("panel");
const feed = document.getElementById("feed");
const liveStatus = document.getElementById("live-status");
const newHotLeads = new Set();
let lastEventId = root.dataset.lastEventId;
let source = null;
let refreshing = null;
let refreshAgain = false;
let deferred = false;  // a refresh waits until the member leaves a form field

function setStatus(state, text) {
  liveStatus.dataset.state = state;
  liveStatus.textContent = text;
}

function signedOut() {
  if (source) source.close();
  setStatus("signed-out", "");
  const link = document.createElement("a");
  link.href = root.dataset.signInUrl;
  link.textContent = "Signed out — sign in again";
  liveStatus.replaceChildren(link);
}

function markNewHotLeads() {
  for (const id of newHotLeads) {
    const row = panel.querySelector(`[data-hot-lead-id="${CSS.escape(id)}"]`);
    if (row) row.classList.add("is-new");
  }
}

async function readPanel() {
  const open = [...panel.querySelectorAll("details[open]")]
    .map((d) => d.closest("[data-appointment-id]")?.dataset.appointmentId);
  const response = await fetch(root.dataset.panelUrl, {
    credentials: "same-origin", headers: { Accept: "text/html" }, cache: "no-store",
  });
  if (response.status === 401) {
    signedOut();
    return;
  }
  if (!response.ok) return;
  const html = await response.text();
  if (panel.contains(document.activeElement) && document.activeElement.closest("form, details")) {
    deferred = true;  // someone is using a form: do not swap it away now
    return;
  }
  panel.innerHTML = html;
  for (const id of open) {
    const row = id && panel.querySelector(`[data-appointment-id="${CSS.escape(id)}"] details`);
    if (row) row.open = true;
  }
  markNewHotLeads();
  putSentences();
  showUnreadTexts();
  root.dataset.refreshedAt = String(Date.now());
}

function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      try {
        await readPanel();
      } catch {
        break;  // the stream's reconnect brings the next refresh
      }
    } while (refreshAgain && liveStatus.dataset.state !== "signed-out");
  })().finally(() => { refreshing = null; });
  return refreshing;
}

// The top bar's Messages link takes the clinic's unread count from the panel.
function showUnreadTexts() {
  const source = panel.querySelector("#unread-texts");
  const link = document.getElementById("messages-link");
  if (!source || !link) return;
  const unread = Number(source.dataset.unread) || 0;
  link.replaceChildren("Messages");
  if (unread > 0) {
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = `${unread} unread`;
    link.append(" ", badge);
  }
}

// Each feed item still in plain words takes its sentence from the panel.
function putSentences() {
  for (const item of feed.querySelectorAll("li[data-words='plain']")) {
    const source = panel.querySelector(`#feed-words li[data-event-id="${CSS.escape(item.dataset.eventId)}"]`);
    if (!source) continue;
    const time = item.querySelector("time");
    const sentence = source.cloneNode(true);
    const sourceTime = sentence.querySelector("time");
    if (sourceTime) sourceTime.remove();
    time.textContent = source.querySelector("time")?.textContent || time.textContent;
    item.replaceChildren(time, " ", sentence.textContent.trim());
    item.dataset.words = "sentence";
  }
}

function addToFeed(event) {
  let data = {};
  try { data = JSON.parse(event.data); } catch { /* the feed sends JSON */ }
  const item = document.createElement("li");
  item.dataset.eventId = event.lastEventId;
  item.dataset.eventType = event.type;
  item.dataset.words = "plain";
  const time = document.createElement("time");
  const at = data.created_at ? new Date(data.created_at) : new Date();
  time.dateTime = at.toISOString();
  time.textContent = clinicClock.format(at);
  item.append(time, " ", eventWords[event.type] || "Something changed");
  feed.prepend(item);
  while (feed.children.length > 200) feed.lastElementChild.remove();
  return data;
}

function onEvent(event) {
  lastEventId = event.lastEventId || lastEventId;
  const data = addToFeed(event);
  if (event.type === root.dataset.hotLeadEventType && data.hot_lead_id) newHotLeads.add(String(data.hot_lead_id));
  refresh();
}

function connect() {
  const url = new URL(root.dataset.eventsUrl, window.location.href);
  url.searchParams.set("last_event_id", lastEventId);
  source = new EventSource(url);
  for (const type of eventTypes) source.addEventListener(type, onEvent);
  source.onopen = () => {
    setStatus("live", "Live");
    refresh();  // anything that changed while away and made no event (e.g. a call)
  };
  source.onerror = async () => {
    if (source.readyState !== EventSource.CLOSED) {
      setStatus("reconnecting", "Reconnecting…");
      return;
    }
    // Refused (signed out, or the server is busy): find out which.
    setStatus("reconnecting", "Reconnecting…");
    try {
      const response = await fetch(root.dataset.panelUrl, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) {
        signedOut();
        return;
      }
    } catch { /* the server is away: retry below */ }
    setTimeout(connect, RECONNECT_MS);
  };
}

panel.addEventListener("focusout", (event) => {
  if (deferred && !(event.relatedTarget && panel.contains(event.relatedTarget))) {
    deferred = false;
    setTimeout(refresh, 0);
  }
});

setStatus("connecting", "Connecting…");
connect();
