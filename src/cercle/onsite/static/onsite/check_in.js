// Camera scanning where the browser has a barcode detector (Chromium on Android, ChromeOS,
// macOS); elsewhere the code field takes a handheld scanner's input or a typed code.
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("camera-button");
    var panel = document.getElementById("camera");
    var video = document.getElementById("camera-video");
    var stop = document.getElementById("camera-stop");
    var form = document.getElementById("code-form");
    var field = form.querySelector("input[name=code]");
    var detector;
    var stream = null;

    function halt() {
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
      }
      panel.hidden = true;
      button.hidden = false;
      button.focus();
    }

    function scan() {
      if (!stream) {
        return;
      }
      detector.detect(video).then(function (codes) {
        if (codes.length) {
          field.value = codes[0].rawValue;
          halt();
          form.submit();
        } else {
          window.requestAnimationFrame(scan);
        }
      }).catch(function () { window.requestAnimationFrame(scan); });
    }

    window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) {
        return;
      }
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
          .then(function (media) {
            stream = media;
            video.srcObject = media;
            panel.hidden = false;
            button.hidden = true;
            return video.play();
          })
          .then(scan)
          .catch(halt);
      });
      stop.addEventListener("click", halt);
    });
  });
})();
