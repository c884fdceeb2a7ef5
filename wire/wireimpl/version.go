package wireimpl

// Version is the version of the contract between generated code and this package: the
// names generated code calls and what they do. The generator writes it into every
// generated package (see the package doc); it grows by one whenever that contract changes.
const Version = 1

// MinVersion is the oldest generated code this package still runs, and MaxVersion the
// newest (equal to [Version]: a runtime cannot run code written for a later contract).
const (
	MinVersion = 1
	MaxVersion = Version
)

// GeneratedByOlderWsgen_RunGoGenerate is converted from (generated version − MinVersion)
// by every generated package: the build fails, naming this type, when the package was
// generated for a contract this runtime no longer supports. Regenerate it with the wsgen
// of the module's version (go generate ./..., with go run github.com/wsgen/wsgen/cmd/wsgen
// in the go:generate line).
type GeneratedByOlderWsgen_RunGoGenerate uint

// GeneratedByNewerWsgen_UpgradeGithubComWsgenWsgen is converted from (MaxVersion −
// generated version) by every generated package: the build fails, naming this type, when
// a newer wsgen generated the package than the runtime the module requires. Run go get
// github.com/wsgen/wsgen@latest, or regenerate with the wsgen of the module's version.
type GeneratedByNewerWsgen_UpgradeGithubComWsgenWsgen uint
