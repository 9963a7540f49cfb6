// Reads a coupon or ticket code with the device's camera where the browser can detect barcodes
// (BarcodeDetector); elsewhere the scan buttons stay hidden and staff type the code.
(function () {
    'use strict';

    var scanner = document.querySelector('.scanner');
    if (!scanner || !('BarcodeDetector' in window) || !navigator.mediaDevices) {
        return;
    }
    var video = scanner.querySelector('video');
    var stream = null;
    var timer = null;

    function stop() {
        if (timer) {
            clearInterval(timer);
            timer = null;
        }
        if (stream) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            stream = null;
        }
        scanner.hidden = true;
    }

    function scanInto(input, button) {
        var detector = new window.BarcodeDetector({formats: ['qr_code', 'code_128', 'code_39', 'ean_13', 'data_matrix']});
        navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}}).then(function (media) {
            stream = media;
            video.srcObject = media;
            scanner.hidden = false;
            return video.play();
        }).then(function () {
            timer = setInterval(function () {
                detector.detect(video).then(function (codes) {
                    if (codes.length > 0) {
                        input.value = codes[0].rawValue;
                        stop();
                        input.focus();
                    }
                });
            }, 250);
        }).catch(function () {
            stop();
            button.hidden = true;
            input.focus();
        });
    }

    window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.length === 0) {
            return;
        }
        document.querySelectorAll('[data-scan]').forEach(function (button) {
            var input = document.getElementById(button.dataset.scan);
            if (!input) {
                return;
            }
            button.hidden = false;
            button.addEventListener('click', function () {
                stop();
                scanInto(input, button);
            });
        });
    });
    scanner.querySelector('[data-scan-stop]').addEventListener('click', stop);
    document.addEventListener('keydown', function (event) {
        if (event.key === 'Escape' && !scanner.hidden) {
            stop();
        }
    });
})();
