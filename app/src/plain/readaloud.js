// Read aloud. A "Lees voor" button (button.say) names what it reads (data-say, a CSS selector)
// and the language of that text (data-lang). The button shows only when this device has a voice
// of its own for that language (localService: the text never leaves the phone); a network voice
// would send text about a child to an outside service, so it is never used.
(() => {
  const synth = window.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;
  const voiceFor = (lang) =>
    synth.getVoices().find((v) => v.localService && v.lang.toLowerCase().split(/[-_]/)[0] === lang);
  const update = () => {
    for (const b of document.querySelectorAll("button.say")) b.hidden = !voiceFor(b.dataset.lang);
  };
  document.addEventListener("click", (e) => {
    const b = e.target instanceof Element ? e.target.closest("button.say") : null;
    if (!b) return;
    const voice = voiceFor(b.dataset.lang);
    if (!voice) return;
    const text = Array.from(document.querySelectorAll(b.dataset.say))
      .map((el) => el.innerText.trim())
      .filter(Boolean)
      .join("\n");
    if (!text) return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    synth.speak(u);
  });
  // Nothing goes on being read once the page is left.
  window.addEventListener("pagehide", () => synth.cancel());
  synth.addEventListener("voiceschanged", update);
  new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
  update();
})();
