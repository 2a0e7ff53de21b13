package http

import (
	_ "embed"
	"net/http"
)

// openAPI is the service contract as OpenAPI 3 (openapi.yaml beside this
// file, served at /openapi.yaml). A test holds it to the route table.
//
//go:embed openapi.yaml
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	_, _ = w.Write(openAPI)
}
