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

    document.addEventListener('DOMContentLoaded', function () { draw(document); });
    document.addEventListener('htmx:afterSwap', function (event) { draw(event.target); });
})();
