// The console's own script: the CSRF token on every htmx request, and the charts drawn from their data attributes.
(function () {
    'use strict';

    document.addEventListener('htmx:configRequest', function (event) {
        var token = document.querySelector('meta[name="csrf-token"]');
        if (token) {
            event.detail.headers['X-CSRF-TOKEN'] = token.content;
        }
    });

    function draw(root) {
        if (typeof echarts === 'undefined') {
            return;
        }
        var language = document.documentElement.lang || 'en';
        var dayFormat = new Intl.DateTimeFormat(language, {day: 'numeric', month: 'short'});
        root.querySelectorAll('.chart[data-days]').forEach(function (element) {
            if (element.dataset.drawn) {
                return;
            }
            element.dataset.drawn = 'true';
            var days = element.dataset.days ? element.dataset.days.split(',') : [];
            var values = element.dataset.values ? element.dataset.values.split(',').map(function (v) {
                return v === 'null' || v === '' ? null : Number(v);
            }) : [];
            var chart = echarts.init(element, null, {renderer: 'svg'});
            chart.setOption({
                animation: false,
                grid: {left: 4, right: 4, top: 8, bottom: 20, containLabel: true},
                tooltip: {trigger: 'axis'},
                xAxis: {type: 'category', data: days.map(function (d) {
                    return dayFormat.format(new Date(d + 'T12:00:00Z'));
                }), axisLabel: {color: '#4d4d4d'}},
                yAxis: {type: 'value', splitNumber: 2, axisLabel: {color: '#4d4d4d'}},
                series: [{type: days.length > 31 ? 'line' : 'bar', data: values, itemStyle: {color: '#1a56db'},
                    lineStyle: {color: '#1a56db'}, connectNulls: false, showSymbol: false}]
            });
            window.addEventListener('resize', function () { chart.resize(); });
        });
    }

    // a cohort heat map: data-cohorts (rows), data-periods (columns), data-matrix (rows by ';', shares by ',')
    function drawHeatmaps(root) {
        root.querySelectorAll('.chart[data-matrix]').forEach(function (element) {
            if (element.dataset.drawn) {
                return;
            }
            element.dataset.drawn = 'true';
            var cohorts = element.dataset.cohorts.split(',');
            var periods = element.dataset.periods.split(',');
            var cells = [];
            element.dataset.matrix.split(';').forEach(function (row, y) {
                row.split(',').forEach(function (share, x) {
                    if (share !== '') {
                        cells.push([x, y, Math.round(Number(share) * 1000) / 10]);
                    }
                });
            });
            var chart = echarts.init(element, null, {renderer: 'svg'});
            chart.setOption({
                animation: false,
                grid: {left: 4, right: 4, top: 8, bottom: 40, containLabel: true},
                tooltip: {position: 'top'},
                xAxis: {type: 'category', data: periods, splitArea: {show: true}, axisLabel: {color: '#4d4d4d'}},
                yAxis: {type: 'category', data: cohorts, inverse: true, axisLabel: {color: '#4d4d4d'}},
                visualMap: {min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
                    itemHeight: 120, inRange: {color: ['#f0f5ff', '#1a56db']}, textStyle: {color: '#4d4d4d'}},
                series: [{type: 'heatmap', data: cells, label: {show: cells.length <= 120, color: '#111'}}]
            });
            window.addEventListener('resize', function () { chart.resize(); });
        });
    }

    // a histogram: data-bars (labels, split by '|', as they may hold commas) and data-values
    function drawBars(root) {
        root.querySelectorAll('.chart[data-bars]').forEach(function (element) {
            if (element.dataset.drawn) {
                return;
            }
            element.dataset.drawn = 'true';
            var chart = echarts.init(element, null, {renderer: 'svg'});
            chart.setOption({
                animation: false,
                grid: {left: 4, right: 4, top: 8, bottom: 20, containLabel: true},
                tooltip: {trigger: 'axis'},
                xAxis: {type: 'category', data: element.dataset.bars.split('|'), axisLabel: {color: '#4d4d4d'}},
                yAxis: {type: 'value', splitNumber: 2, axisLabel: {color: '#4d4d4d'}},
                series: [{type: 'bar', data: element.dataset.values.split(',').map(Number),
                    itemStyle: {color: '#1a56db'}}]
            });
            window.addEventListener('resize', function () { chart.resize(); });
        });
    }

    function drawAll(root) {
        if (typeof echarts === 'undefined') {
            return;
        }
        draw(root);
        drawHeatmaps(root);
        drawBars(root);
    }

    document.addEventListener('DOMContentLoaded', function () { drawAll(document); });
    document.addEventListener('htmx:afterSwap', function (event) { drawAll(event.target); });
})();
