// The room screen polls its state with htmx. When a poll fails (network down, server away),
// htmx keeps the last state on screen; this only says so, and clears the notice once a poll
// succeeds again.
document.addEventListener("DOMContentLoaded", () => {
  const notice = document.getElementById("screen-offline");
  const state = document.getElementById("screen-state");
  if (!notice || !state) return;
  const lost = () => { notice.hidden = false; };
  state.addEventListener("htmx:sendError", lost);
  state.addEventListener("htmx:responseError", lost);
  state.addEventListener("htmx:timeout", lost);
  state.addEventListener("htmx:afterSwap", () => { notice.hidden = true; });
});
