package main

import (
	"fmt"
	"math"
	"strings"
)

// The plot is four panels over the day, one above the other, sharing the
// time axis: the queue's depth, the age of its oldest message, the
// instances in service and the cost so far.
const (
	plotWidth   = 900
	panelHeight = 130
	marginLeft  = 80
	marginRight = 30
	marginTop   = 70
	panelGap    = 45
)

// plot draws the day as an SVG document.
func plot(d day) []byte {
	perMinute := func(f func(m minute) float64) []float64 {
		y := make([]float64, len(d.minutes))
		for i, m := range d.minutes {
			y[i] = f(m)
		}
		return y
	}
	panels := []struct {
		title, color string
		y            []float64
	}{
		{"queue depth (messages, visible and in flight)", "#1f77b4", perMinute(func(m minute) float64 { return float64(m.depth) })},
		{"age of the oldest message (s)", "#d62728", perMinute(func(m minute) float64 { return m.oldest.Seconds() })},
		{"instances in service", "#2ca02c", perMinute(func(m minute) float64 { return float64(m.inService) })},
		{"cost so far ($)", "#7f7f7f", perMinute(func(m minute) float64 { return m.cost })},
	}

	var b strings.Builder
	height := marginTop + len(panels)*panelHeight + (len(panels)-1)*panelGap + 50
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		plotWidth, height, plotWidth, height)
	b.WriteString(`<rect width="100%" height="100%" fill="white"/>` + "\n")
	fmt.Fprintf(&b, `<text x="%d" y="28" font-size="16">A worker environment absorbs a late export: %d jobs over a day</text>`+"\n", marginLeft, d.sent)
	top := marginTop
	for _, p := range panels {
		panel(&b, top, p.title, p.color, p.y)
		top += panelHeight + panelGap
	}
	bottom := top - panelGap
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
// every three hours and at the y axis's ticks, and the values as a
// polyline, a point a minute. The y axis runs from zero to a round
// number above the largest value.
func panel(b *strings.Builder, top int, title, color string, y []float64) {
	right := plotWidth - marginRight
	hi := 0.0
	for _, v := range y {
		hi = math.Max(hi, v)
	}
	step := niceStep(hi / 4)
	ymax := step * math.Max(1, math.Ceil(hi/step))
	yOf := func(v float64) float64 { return float64(top+panelHeight) - v/ymax*panelHeight }

	fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", marginLeft, top-10, title)
	for h := 0; h <= 24; h += 3 {
		x := xOf(float64(h * 60))
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e5e5e5"/>`+"\n", x, top, x, top+panelHeight)
	}
	for v := 0.0; v <= ymax+step/2; v += step {
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e5e5e5"/>`+"\n", marginLeft, yOf(v), right, yOf(v))
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", marginLeft-6, yOf(v)+4, label(v))
	}
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>`+"\n", marginLeft, top, right-marginLeft, panelHeight)
	var pts strings.Builder
	for i, v := range y {
		if i > 0 {
			pts.WriteByte(' ')
		}
		fmt.Fprintf(&pts, "%.1f,%.1f", xOf(float64(i)+0.5), yOf(v))
	}
	fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`+"\n", color, pts.String())
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
