# The patch queue and its checks. "make" builds and boots the series and
# prints a report; "make check" runs every check. See README.md.

.PHONY: all main check tree export mail kunit mutants clean
.PHONY: check-apply check-checkpatch check-bisect check-lint check-kunit
.PHONY: check-selftests check-boot check-cost check-coverage check-docs

all: main

main:
	scripts/main.sh

check:
	scripts/check.sh

check-apply check-checkpatch check-bisect check-lint check-kunit check-selftests check-boot check-cost check-coverage check-docs:
	scripts/check.sh $(@:check-%=%)

# The developer's tree: build/linux, branch "series", one commit per patch.
tree:
	scripts/mktree.sh

export:
	scripts/export.sh

mail:
	scripts/mail-prep.sh

# KUnit on the developer's tree, for quick iterations.
kunit:
	KUNIT_BUILD=$(CURDIR)/build/kunit-dev scripts/kunit.sh build/linux run

# Mutation testing of the series' KVM code (config/mutants.txt), not part of
# "make check": slow. MUTANTS="ID..." runs only those.
mutants:
	scripts/mutants.sh $(MUTANTS)

# Keeps the download, the base repository and the ccache.
clean:
	rm -rf build/check build/outgoing build/kunit-dev build/mutants
