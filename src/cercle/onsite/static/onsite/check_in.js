// Camera scanning at the check-in desk. Browsers with a barcode detector (Chromium) use it;
// elsewhere (Firefox, Safari) the vendored zxing-wasm decoder is loaded from this site, and
// only then. A handheld scanner needs none of this: it types the code and Enter into the
// focused field (badge code or search), which the server reads as a scan.
// No inline script: the decoder's and the .wasm file's addresses come from data attributes.
(function () {
  "use strict";
  var script = document.currentScript;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function nativeDetector() {
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) {
        throw new Error("no QR support");
      }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function (video) {
        return detector.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      };
    });
  }

  function wasmDetector() {
    var wasm = script.dataset.wasm;
    return loadScript(script.dataset.decoder).then(function () {
      var zxing = window.ZXingWASM;
      // Never the CDN the package defaults to: the .wasm file is served by this site.
      zxing.prepareZXingModule({
        overrides: { locateFile: function (path, prefix) { return path.endsWith(".wasm") ? wasm : prefix + path; } },
        fireImmediately: true,
      });
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (video) {
        if (!video.videoWidth) {
          return Promise.resolve(null);
        }
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        return zxing.readBarcodes(image, { formats: ["QRCode"], maxNumberOfSymbols: 1 })
          .then(function (results) { return results.length ? results[0].text : null; });
      };
    });
  }

  function start(detect) {
    var button = document.getElementById("camera-button");
    var panel = document.getElementById("camera");
    var video = document.getElementById("camera-video");
    var stop = document.getElementById("camera-stop");
    var form = document.getElementById("code-form");
    var field = form.querySelector("input[name=code]");
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
      detect(video).then(function (text) {
        if (text) {
          field.value = text;
          halt();
          form.submit();
        } else {
          window.requestAnimationFrame(scan);
        }
      }).catch(function () { window.requestAnimationFrame(scan); });
    }

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
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("code-form") || !navigator.mediaDevices) {
      return;
    }
    var detector = "BarcodeDetector" in window ? nativeDetector().catch(wasmDetector) : wasmDetector();
    detector.then(start).catch(function () { /* no camera scanning: the field still works */ });
  });
})();
