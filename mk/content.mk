# Content governance (isobot/content/report.py): lifecycle, readability, versions.
.PHONY: content-report content-lock

content-report: setup ## Every catalogue entry: status, sign-off, days to review (overdue loudly), readability, version, last commit, reach; writes reports/content.md (TODAY=YYYY-MM-DD to look ahead)
	@$(ENV) python -m isobot.content.report $(if $(TODAY),--today $(TODAY))

content-lock: setup ## After bumping review.version of a changed text: refresh content/versions.lock.yml
	@$(ENV) python -m isobot.content.report --lock
