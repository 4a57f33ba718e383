package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// The plot is three panels over the day, one above the other, sharing
// the time axis: the load, the instances in service (with a mark at each
// Spot interruption notice) and the latency, on a log scale because the
// spike's minutes are a thousand times slower than the others.
const (
	plotWidth   = 900
	panelHeight = 170
	marginLeft  = 70
	marginRight = 170 // the legend
	marginTop   = 70
	panelGap    = 45
	minutes     = 24 * 60
)

// colors of the runs, in the order of the days; the load is grey.
var colors = []string{"#1f77b4", "#d62728"}

// series is one line of a panel: a value a minute, and the minutes to
// mark.
type series struct {
	label string
	color string
	y     []float64
	marks []time.Time
}

// plot draws the days as an SVG document.
func plot(days []day) []byte {
	perMinute := func(d day, f func(m minute) float64) []float64 {
		y := make([]float64, len(d.minutes))
		for i, m := range d.minutes {
			y[i] = f(m)
		}
		return y
	}
	load := []series{{label: "requests/min", color: "#7f7f7f", y: perMinute(days[0], func(m minute) float64 { return m.requests })}}
	var instances, latency []series
	for i, d := range days {
		instances = append(instances, series{label: d.name, color: colors[i], marks: d.interruptions,
			y: perMinute(d, func(m minute) float64 { return float64(m.inService) })})
		latency = append(latency, series{label: d.name, color: colors[i],
			y: perMinute(d, func(m minute) float64 { return float64(m.latency) / float64(time.Millisecond) })})
	}

	var b strings.Builder
	height := marginTop + 3*panelHeight + 2*panelGap + 50
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		plotWidth, height, plotWidth, height)
	b.WriteString(`<rect width="100%" height="100%" fill="white"/>` + "\n")
	fmt.Fprintf(&b, `<text x="%d" y="28" font-size="16">The noon spike: a web tier all On-Demand, and an On-Demand base with Spot</text>`+"\n", marginLeft)
	top := marginTop
	panel(&b, top, "load (requests/min)", load, false)
	top += panelHeight + panelGap
	panel(&b, top, "instances in service (▼ a Spot interruption notice)", instances, false)
	top += panelHeight + panelGap
	panel(&b, top, "latency (ms, mean of the minute, log scale)", latency, true)

	bottom := top + panelHeight
	for h := 0; h <= 24; h += 3 {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%02d:00</text>`+"\n", xOf(float64(h*60)), bottom+18, h%24)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">time of day (UTC)</text>`+"\n", (marginLeft+plotWidth-marginRight)/2, bottom+38)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// xOf places a minute of the day on the time axis.
func xOf(minute float64) float64 {
	return marginLeft + minute/minutes*float64(plotWidth-marginLeft-marginRight)
}

// panel draws a panel whose top edge is at top: a frame, grid lines
// every three hours and at the y axis's ticks, the series as polylines
// with their marks, and their legend to the right. The y axis runs from
// zero to a round number above the largest value or, on a log scale,
// over the powers of ten around the values.
func panel(b *strings.Builder, top int, title string, lines []series, logScale bool) {
	right := plotWidth - marginRight
	lo, hi := math.Inf(1), 0.0
	for _, s := range lines {
		for _, v := range s.y {
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	var ticks []float64
	var yOf func(v float64) float64
	if logScale {
		from, to := math.Floor(math.Log10(lo)), math.Ceil(math.Log10(hi))
		for e := from; e <= to; e++ {
			ticks = append(ticks, math.Pow(10, e))
		}
		yOf = func(v float64) float64 {
			return float64(top+panelHeight) - (math.Log10(math.Max(v, ticks[0]))-from)/(to-from)*panelHeight
		}
	} else {
		step := niceStep(hi / 4)
		ymax := step * math.Ceil(hi/step)
		for v := 0.0; v <= ymax+step/2; v += step {
			ticks = append(ticks, v)
		}
		yOf = func(v float64) float64 { return float64(top+panelHeight) - v/ymax*panelHeight }
	}

	fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", marginLeft, top-10, title)
	for h := 0; h <= 24; h += 3 {
		x := xOf(float64(h * 60))
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e5e5e5"/>`+"\n", x, top, x, top+panelHeight)
	}
	for _, v := range ticks {
		y := yOf(v)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e5e5e5"/>`+"\n", marginLeft, y, right, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", marginLeft-6, y+4, label(v))
	}
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n", marginLeft, top, right-marginLeft, panelHeight)
	for k, s := range lines {
		var pts strings.Builder
		for i, v := range s.y {
			if i > 0 {
				pts.WriteByte(' ')
			}
			fmt.Fprintf(&pts, "%.1f,%.1f", xOf(float64(i)+0.5), yOf(v))
		}
		fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`+"\n", s.color, pts.String())
		for _, t := range s.marks {
			x := xOf(t.Sub(midnight).Minutes())
			fmt.Fprintf(b, `<path d="M%.1f,%d l-4,-8 h8 z" fill="%s"/>`+"\n", x, top+panelHeight-2, s.color)
		}
		ly := top + 14 + 20*k
		fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"/>`+"\n", right+12, ly-4, right+36, ly-4, s.color)
		fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", right+42, ly, s.label)
	}
}

// niceStep rounds a step of an axis up to 1, 2 or 5 times a power of
// ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// label writes an axis value: 20000 as 20k.
func label(v float64) string {
	if v >= 1000 && math.Mod(v, 1000) == 0 {
		return fmt.Sprintf("%gk", v/1000)
	}
	return fmt.Sprintf("%g", v)
}
