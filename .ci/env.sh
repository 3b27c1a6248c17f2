# Sourced by the .ci scripts: paths to the tools that .ci/setup installs.
export PATH="$PWD/.ci/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Where cargo-leptos puts the site, and how the server finds it when run directly.
export LEPTOS_OUTPUT_NAME=aantafel
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_HASH_FILES=true
# One-shot builds gain nothing from incremental caches, which grow by gigabytes per run.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
