package http

import (
	"strconv"

	"github.com/mosaic-sec/mosaic/service"
)

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func maskText(s string) string { return service.MaskText(s) }
