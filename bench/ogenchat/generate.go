// Package ogenchat is the benchmark's validating peer: the types, JSON codecs and
// validators that github.com/ogen-go/ogen generates from openapi.yaml, an OpenAPI document
// with the constraints of the chat and book protocols. The oas_*_gen.go files are checked
// in; regenerate them from bench/ with
//
//	go generate ./ogenchat
package ogenchat

//go:generate go tool ogen -config ogen.yml -target . -package ogenchat -clean openapi.yaml
