package web

import (
	"encoding/base64"
	"html/template"
	"net/http"

	"github.com/skip2/go-qrcode"
)

// qrImage returns a QR code of text as an image address for an <img src>: a PNG in
// a data: URL, which the pages' CSP allows and which prints with the page.
func qrImage(text string) (template.URL, error) {
	png, err := qrcode.Encode(text, qrcode.Medium, 256)
	if err != nil {
		return "", err
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), nil
}

// siteURL returns the absolute address of path on this server as the visitor
// reached it, for a QR code to carry: the trusted proxy's scheme counts. The host
// is the one the visitor's own browser asked for, so a page shows a code for the
// address its reader already uses.
func (s *Server) siteURL(r *http.Request, path string) string {
	scheme := "http"
	if overHTTPS(r, s.cfg.TrustedProxies) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}
