// Workflow dashboard scripts: the live graph on the overview and the select-all box of bulk lists.
// Served as a file under /dashboard/assets, so a CSP of script-src 'self' allows it; nothing here is inline.
(function () {
    "use strict";

    var WINDOW_SECONDS = 60;
    var POLL_MS = 1000;
    var WIDTH = 600;
    var HEIGHT = 160;

    // Polls the live JSON route and redraws the two series. The first poll reads the whole minute. Later polls read
    // the last 5 seconds again, because nodes store outcomes in batches and a recent second can still grow.
    function startLiveGraph(container) {
        var source = container.getAttribute("data-source");
        var svg = container.querySelector("svg");
        var succeededLine = svg.querySelector(".series-succeeded");
        var failedLine = svg.querySelector(".series-failed");
        var buckets = {};
        var first = true;
        var updates = 0;

        function points(now, field, max) {
            var result = [];
            for (var i = 0; i < WINDOW_SECONDS; i++) {
                var second = now - WINDOW_SECONDS + 1 + i;
                var value = buckets[second] ? buckets[second][field] : 0;
                var x = (i * WIDTH) / (WINDOW_SECONDS - 1);
                var y = HEIGHT - 1 - (value * (HEIGHT - 6)) / max;
                result.push(x.toFixed(1) + "," + y.toFixed(1));
            }
            return result.join(" ");
        }

        function draw(now) {
            var max = 1;
            Object.keys(buckets).forEach(function (key) {
                if (Number(key) <= now - WINDOW_SECONDS) {
                    delete buckets[key];
                    return;
                }
                max = Math.max(max, buckets[key].succeeded, buckets[key].failed);
            });
            succeededLine.setAttribute("points", points(now, "succeeded", max));
            failedLine.setAttribute("points", points(now, "failed", max));

            // The last complete second, since the current one is still filling.
            var last = buckets[now - 1] || { succeeded: 0, failed: 0 };
            document.getElementById("live-succeeded").textContent = String(last.succeeded);
            document.getElementById("live-failed").textContent = String(last.failed);
            document.getElementById("live-max").textContent = String(max);
            updates += 1;
            container.setAttribute("data-updates", String(updates));
        }

        function poll() {
            var url = source + "?seconds=" + (first ? WINDOW_SECONDS : 5);
            fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error("HTTP " + response.status);
                    }
                    return response.json();
                })
                .then(function (body) {
                    first = false;
                    var from = body.now - (WINDOW_SECONDS - 1);
                    body.points.forEach(function (point) {
                        if (point.second >= from) {
                            buckets[point.second] = { succeeded: point.succeeded, failed: point.failed };
                        }
                    });
                    container.classList.remove("stale");
                    draw(body.now);
                })
                .catch(function () {
                    container.classList.add("stale");
                })
                .finally(function () {
                    window.setTimeout(poll, POLL_MS);
                });
        }

        poll();
    }

    function wireSelectAll() {
        document.querySelectorAll("input.select-all").forEach(function (box) {
            box.addEventListener("change", function () {
                var table = box.closest("table");
                table.querySelectorAll("input[name=ids]").forEach(function (item) {
                    item.checked = box.checked;
                });
            });
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        var live = document.getElementById("live-graph");
        if (live) {
            startLiveGraph(live);
        }
        wireSelectAll();
    });
})();
