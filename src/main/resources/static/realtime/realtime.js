// The /realtime/ page: logs in to RabbitMQ's Web-STOMP listener as the user, subscribes to the
// user's own key and groups on the real-time exchange, and shows each notification as it arrives.
//
// Broker behaviour this page is written for (RabbitMQ 3.10, see README "Real-time channel"):
// - a refused SUBSCRIBE gets no ERROR frame: the broker closes the socket (rabbitmq-server #6737).
//   So every SUBSCRIBE asks for a RECEIPT, and "socket closed before the RECEIPT" means refused.
// - without `exclusive: true` the subscription queue could be consumed by another user by name.
// - a user may be in a group and get the same message twice: repeats are dropped by message_id.
"use strict";

const page = {
  settings: null,
  client: null,
  keys: [],            // routing keys to subscribe, in order
  states: new Map(),   // key -> "pending" | "subscribed" | "refused"
  waitingFor: null,    // key whose RECEIPT has not come yet
  seen: new Set(),     // message ids already shown
};
// Time from the gateway's sent_at to this page, per message (read by the latency test).
window.realtimeLatencies = [];

const $ = (id) => document.getElementById(id);

function setStatus(text) {
  $("status").textContent = text;
}

function showSubscription(key) {
  let item = document.querySelector(`#subscriptions li[data-key="${CSS.escape(key)}"]`);
  if (!item) {
    item = document.createElement("li");
    item.dataset.key = key;
    $("subscriptions").appendChild(item);
  }
  const state = page.states.get(key);
  item.dataset.state = state;
  item.textContent = `${key}: ${state}`;
}

function showNotification(key, message) {
  const received = Date.now();
  let note;
  try {
    note = JSON.parse(message.body);
  } catch (e) {
    note = { body: message.body };
  }
  const id = note.message_id || message.headers["message-id"];
  if (id && page.seen.has(id)) {
    return; // a repeat: same request through a group, or a redelivered request
  }
  if (id) {
    page.seen.add(id);
  }
  if (note.sent_at) {
    window.realtimeLatencies.push(received - Date.parse(note.sent_at));
  }
  const item = document.createElement("li");
  item.className = "notification";
  item.dataset.messageId = id || "";
  item.dataset.key = key;
  const title = document.createElement("strong");
  title.className = "title";
  title.textContent = note.title || note.push_code || "(no title)";
  const body = document.createElement("div");
  body.className = "body";
  body.textContent = note.body || "";
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = `${key} · ${note.push_code || "-"} · ${id || "-"} · sent ${note.sent_at || "?"}`
      + (note.data ? ` · data ${JSON.stringify(note.data)}` : "");
  item.append(title, body, meta);
  $("notifications").prepend(item);
}

function destination(key) {
  return `/exchange/${page.settings.exchange}/${key}`;
}

// One SUBSCRIBE at a time, each waiting for its RECEIPT: when the broker closes the socket, the
// key whose receipt is missing is the one it refused.
function subscribeNext() {
  const key = page.keys.find((k) => page.states.get(k) === "pending");
  if (!key) {
    page.waitingFor = null;
    const refused = page.keys.filter((k) => page.states.get(k) === "refused");
    setStatus(refused.length ? `connected (refused: ${refused.join(", ")})` : "connected");
    return;
  }
  const receipt = `sub-${key}-${Date.now()}`;
  page.waitingFor = key;
  page.client.watchForReceipt(receipt, () => {
    page.states.set(key, "subscribed");
    showSubscription(key);
    subscribeNext();
  });
  page.client.subscribe(destination(key), (message) => showNotification(key, message),
      { exclusive: "true", receipt: receipt });
}

function connect(event) {
  event.preventDefault();
  const user = $("user").value.trim();
  const groups = $("groups").value.split(",").map((g) => g.trim()).filter(Boolean);
  const extra = $("extra").value.split(",").map((k) => k.trim()).filter(Boolean);
  page.keys = [`user.${user}`, ...groups.map((g) => `group.${g}`), ...extra];
  page.states = new Map(page.keys.map((k) => [k, "pending"]));
  $("subscriptions").replaceChildren();
  page.keys.forEach(showSubscription);

  page.client = new StompJs.Client({
    brokerURL: page.settings.webStompUrl,
    connectHeaders: { login: user, passcode: $("secret").value, host: page.settings.virtualHost },
    reconnectDelay: 2000,
    heartbeatIncoming: 10000,
    heartbeatOutgoing: 10000,
    onConnect: () => {
      // After a reconnect the pending keys are asked for again; refused ones are not.
      setStatus("subscribing");
      subscribeNext();
    },
    onStompError: (frame) => {
      // Login failures do get an ERROR frame; retrying the same credentials would only repeat it.
      setStatus(`refused by the broker: ${frame.headers.message || "error"}`);
      page.client.deactivate();
      $("connect").disabled = false;
      $("disconnect").disabled = true;
    },
    onWebSocketClose: () => {
      // Whatever was granted ends with the socket (the broker deletes the subscription queues).
      page.keys.filter((k) => page.states.get(k) === "subscribed").forEach((k) => {
        page.states.set(k, "pending");
        showSubscription(k);
      });
      if (page.waitingFor) {
        page.states.set(page.waitingFor, "refused");
        showSubscription(page.waitingFor);
        page.waitingFor = null;
        setStatus("subscription refused; reconnecting without it");
      } else if (!$("status").textContent.startsWith("refused")) {
        setStatus("disconnected; reconnecting");
      }
    },
  });
  page.client.activate();
  $("connect").disabled = true;
  $("disconnect").disabled = false;
}

function disconnect() {
  if (page.client) {
    page.client.deactivate();
  }
  page.waitingFor = null;
  setStatus("not connected");
  $("connect").disabled = false;
  $("disconnect").disabled = true;
}

async function start() {
  const response = await fetch("settings.json");
  page.settings = await response.json();
  $("broker").textContent = `${page.settings.webStompUrl} (vhost ${page.settings.virtualHost},`
      + ` exchange ${page.settings.exchange})`
      + (page.settings.enabled ? "" : " - the gateway's real-time channel is off");
  $("login").addEventListener("submit", connect);
  $("disconnect").addEventListener("click", disconnect);
  document.body.dataset.ready = "true";
}

start();
