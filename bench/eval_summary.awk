# eval_summary.awk - the tables and the targets of `make eval`, from the
# TSV that bench/eval.sh writes (one line per dataset x setting x seed x
# method; the header names the columns, so columns may be added).
#
# Means are over files (a file = dataset x setting x seed), each file
# weighing the same; NA values (a measure a file does not have: F1 of a
# clean copy, suggestion accuracy with no flagged error) are left out.
# Settings: clean, shuffle, random and null (the null family: small
# generated files whose labels mean nothing) are the copies without
# injected errors; every other setting (u10, u30, c20, ...) is a noisy
# copy.
#
# With -v variant=NAME: one line for the variants block instead (NAME -:
# the block's header).
BEGIN {
	FS = "\t"
	nm = split("f1 p_at_err p_first sugg_acc sugg_self sugg_all auroc " \
	    "abs_est_err flag_rate oof_acc majority est wall_s cpu_s", M, " ")
}

function num(name) { return $(col[name]) }
function isna(v) { return v == "NA" || v == "" }
function add(k, name, v) {
	if (isna(v))
		return
	s[k, name] += v
	n[k, name]++
}
function mean(k, name) { return n[k, name] ? s[k, name] / n[k, name] : "NA" }
function f3(v) { return isna(v) ? "    -" : sprintf("%5.3f", v) }
function f3w(v, w) { return isna(v) ? sprintf("%" w "s", "-") : \
    sprintf("%" w ".3f", v) }
function f1d(v, w) { return isna(v) ? sprintf("%" w "s", "-") : \
    sprintf("%" w ".1f", v) }
function pct(v, w) { return isna(v) ? sprintf("%" w "s", "-") : \
    sprintf("%" w ".1f", 100 * v) }
function f2(v, w) { return isna(v) ? sprintf("%" w "s", "-") : \
    sprintf("%" w ".2f", v) }
function noisy(set) {
	return set != "clean" && set != "shuffle" && set != "random" &&
	    set != "null"
}
function unrelated(set) {
	return set == "shuffle" || set == "random" || set == "null"
}
function verdict(ok) { return ok ? "PASS" : "FAIL" }
# runs(want, out): out[1..] the dataset x setting x method keys that ran,
# in the tables' order, of the noisy settings (want 1) or of the copies
# without injected errors (want 0); returns how many
function runs(want, out,   i, j, k, key, c) {
	c = 0
	for (i = 1; i <= nds; i++)
		for (j = 1; j <= nsets; j++) {
			if (noisy(sorder[j]) != want)
				continue
			for (k = 1; k <= nms; k++) {
				key = dorder[i] SUBSEP sorder[j] SUBSEP morder[k]
				if ((key, "wall_s") in n)
					out[++c] = key
			}
		}
	return c
}

NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	next
}
{
	ds = num("dataset"); set = num("setting"); seed = num("seed")
	m = num("method")
	if (!(ds in dseen)) { dseen[ds] = 1; dorder[++nds] = ds }
	if (!(set in sseen)) { sseen[set] = 1; sorder[++nsets] = set }
	if (!(m in mseen)) { mseen[m] = 1; morder[++nms] = m }
	file = ds SUBSEP set SUBSEP seed
	if (!((file) in fseen)) { fseen[file] = 1; forder[++nfiles] = file }
	have[file, m] = 1
	for (i = 1; i <= nm; i++) {
		v = num(M[i])
		add(ds SUBSEP set SUBSEP m, M[i], v)	# per dataset
		add(set SUBSEP m, M[i], v)		# per setting
		if (noisy(set))
			add("noisy" SUBSEP m, M[i], v)
		val[file, m, M[i]] = v
	}
	val[file, m, "errors"] = num("errors")
	val[file, m, "flagged"] = num("flagged")
	val[file, m, "warns"] = num("warns")
	val[file, m, "gain"] = num("gain")
	if (num("rss_mb") > rss[ds, set, m])
		rss[ds, set, m] = num("rss_mb")
	if (num("rss_mb") > maxrss[m])
		maxrss[m] = num("rss_mb")
	wall[m] += num("wall_s")
	cpu[m] += num("cpu_s")
}

END {
	if (variant == "-")
		printf "%-26s %5s %5s %5s %5s %5s %5s %6s %6s %5s\n", \
		    "options", "u10", "u30", "c20", "AUROC", "first", "sugg", \
		    "clean%", "unrel", "lost"
	else if (variant != "")
		variant_line()
	else
		report()
}

function variant_line(   i, f, t, lost, good, unrel) {
	good = 0
	lost = 0
	unrel = 0
	for (i = 1; i <= nfiles; i++) {
		f = forder[i]
		split(f, t, SUBSEP)
		if (unrelated(t[2]) && have[f, "pico"])
			unrel += val[f, "pico", "flagged"]
		if (!noisy(t[2]) || !have[f, "pico"] || !have[f, "cl"])
			continue
		if (val[f, "pico", "f1"] + 1e-9 < val[f, "cl", "f1"])
			lost++
		good++
	}
	printf "%-26s %s %s %s %s %s %s %s %6d %3d/%d\n", variant, \
	    f3(mean("u10" SUBSEP "pico", "f1")), \
	    f3(mean("u30" SUBSEP "pico", "f1")), \
	    f3(mean("c20" SUBSEP "pico", "f1")), \
	    f3(mean("noisy" SUBSEP "pico", "auroc")), \
	    f3(mean("noisy" SUBSEP "pico", "p_first")), \
	    f3(mean("noisy" SUBSEP "pico", "sugg_acc")), \
	    pct(mean("clean" SUBSEP "pico", "flag_rate"), 6), unrel, lost, \
	    good
}

function report(   i, j, k, set, m, key, hdr, nr, r, p) {
	print ""
	print "== noisy copies, mean over noise seeds (F1 of the flagged set;"
	print "   P@err: precision of the true-error-count most suspicious"
	print "   rows; first: real errors among the first 50 cards of the"
	print "   default review queue; sugg: flagged real errors whose"
	print "   suggestion is the true label; self: ... is the given label;"
	print "   |est|: |expected - true| error count; wall/cpu: seconds per"
	print "   run; rss: peak MB)"
	hdr = sprintf("%-10s %-7s %-8s %5s %5s %5s %5s %5s %5s %7s " \
	    "%6s %6s %5s", "dataset", "setting", "method", "F1", "P@err", \
	    "first", "sugg", "self", "AUROC", "|est|", "wall", "cpu", "rss")
	print hdr
	nr = runs(1, r)
	for (i = 1; i <= nr; i++) {
		key = r[i]
		split(key, p, SUBSEP)
		printf "%-10s %-7s %-8s %s %s %s %s %s %s %s %s %s %s\n", \
		    p[1], p[2], p[3], f3(mean(key, "f1")), \
		    f3(mean(key, "p_at_err")), f3(mean(key, "p_first")), \
		    f3(mean(key, "sugg_acc")), f3(mean(key, "sugg_self")), \
		    f3(mean(key, "auroc")), f1d(mean(key, "abs_est_err"), 7), \
		    f2(mean(key, "wall_s"), 6), f2(mean(key, "cpu_s"), 6), \
		    f1d(rss[key], 5)
	}

	print ""
	print "== copies without injected errors (flag%: flagged rows;"
	print "   est: expected wrong labels; oof: the checkers' out-of-fold"
	print "   accuracy, from the cl run; major: the largest class's share;"
	print "   warns: the summary says the labels cannot be predicted)"
	printf "%-10s %-7s %-8s %6s %8s %6s %6s %5s %6s %6s %5s\n", \
	    "dataset", "setting", "method", "flag%", "est", "oof", "major", \
	    "warns", "wall", "cpu", "rss"
	nr = runs(0, r)
	for (i = 1; i <= nr; i++) {
		key = r[i]
		split(key, p, SUBSEP)
		printf "%-10s %-7s %-8s %s %s %s %s %5d %s %s %s\n", \
		    p[1], p[2], p[3], pct(mean(key, "flag_rate"), 6), \
		    f1d(mean(key, "est"), 8), \
		    isna(mean(key, "oof_acc")) ? "     -" : \
		    sprintf("%6.3f", mean(key, "oof_acc")), \
		    f3w(mean(key, "majority"), 6), \
		    val[p[1] SUBSEP p[2] SUBSEP (p[2] == "clean" ? 0 : 1), \
		    p[3], "warns"], \
		    f2(mean(key, "wall_s"), 6), f2(mean(key, "cpu_s"), 6), \
		    f1d(rss[key], 5)
	}

	print ""
	print "== by setting, mean over datasets and seeds"
	printf "%-7s %-8s %5s %5s %5s %5s %5s %5s %7s\n", "setting", \
	    "method", "F1", "P@err", "first", "sugg", "self", "AUROC", "|est|"
	for (j = 1; j <= nsets; j++) {
		set = sorder[j]
		if (!noisy(set))
			continue
		for (k = 1; k <= nms; k++) {
			m = morder[k]
			key = set SUBSEP m
			if (!((key, "wall_s") in n))
				continue
			printf "%-7s %-8s %s %s %s %s %s %s %s\n", set, m, \
			    f3(mean(key, "f1")), f3(mean(key, "p_at_err")), \
			    f3(mean(key, "p_first")), \
			    f3(mean(key, "sugg_acc")), \
			    f3(mean(key, "sugg_self")), \
			    f3(mean(key, "auroc")), \
			    f1d(mean(key, "abs_est_err"), 7)
		}
	}
	print "all runs of a method: wall s / cpu s, the largest peak RSS"
	for (k = 1; k <= nms; k++)
		printf "%s %s %.0f / %.0f s, %.0f MB", (k > 1 ? ";" : " "), \
		    morder[k], wall[morder[k]], cpu[morder[k]], maxrss[morder[k]]
	print ""
	targets()
}

# Files where a's F1 is at least b's; sets cnt[] = files compared.
function at_least(a, b,   i, f, t, good) {
	good = 0
	cmp = 0
	for (i = 1; i <= nfiles; i++) {
		f = forder[i]
		split(f, t, SUBSEP)
		if (!noisy(t[2]) || !have[f, a] || !have[f, b] || \
		    isna(val[f, a, "f1"]) || isna(val[f, b, "f1"]))
			continue
		cmp++
		good += val[f, a, "f1"] + 1e-9 >= val[f, b, "f1"]
	}
	return good
}

function targets(   i, f, t, x, g, sumf, nf, ok, strong, worst, flags, \
    nun, okun, warned, sumc, nc, set, goal, name) {
	print ""
	print "== targets of issue 10 (pico = winnow's default; peer = cl-lr)"
	split("u10 u30 c20", set, " ")
	split("0.75 0.82 0.77", goal, " ")
	split("uniform 10%,uniform 30%,class-dependent 20%", name, ",")
	for (i = 1; i <= 3; i++) {
		x = mean(set[i] SUBSEP "pico", "f1")
		if (isna(x)) {
			printf "  [ -- ] mean F1, %s: not measured\n", name[i]
			continue
		}
		printf "  [%s] mean F1, %s: %.3f (target >= %s)\n", \
		    verdict(x >= goal[i]), name[i], x, goal[i]
	}
	if (mseen["cl-lr"]) {
		g = at_least("pico", "cl-lr")
		printf "  [%s] F1 at least the peer's: %d of %d noisy files " \
		    "(%.0f%%; target 90%%)\n", verdict(cmp && g >= 0.9 * cmp), \
		    g, cmp, cmp ? 100 * g / cmp : 0
	} else {
		print "  [ -- ] F1 at least the peer's: no peer runs"
	}
	g = at_least("pico", "cl")
	printf "  [%s] F1 at least cl's on the same checkers: %d of %d " \
	    "files (%.0f%%; target 90%%)\n", \
	    verdict(cmp && g >= 0.9 * cmp), g, cmp, cmp ? 100 * g / cmp : 0
	x = mean("noisy" SUBSEP "pico", "sugg_acc")
	printf "  [%s] suggestion = true label on flagged real errors: %s " \
	    "(target >= 0.80)\n         suggestion = the given label on " \
	    "them: %s\n", \
	    verdict(!isna(x) && x >= 0.8), f3(x), \
	    f3(mean("noisy" SUBSEP "pico", "sugg_self"))
	x = mean("noisy" SUBSEP "pico", "sugg_all")
	printf "  [%s] the same on all real errors, flagged or not: %s " \
	    "(target >= 0.80)\n         (the measure of the issue's table; " \
	    "cl %s, pico-lr %s, cl-lr %s)\n", verdict(!isna(x) && x >= 0.8), \
	    f3(x), \
	    f3(mean("noisy" SUBSEP "cl", "sugg_all")), \
	    f3(mean("noisy" SUBSEP "pico-lr", "sugg_all")), \
	    f3(mean("noisy" SUBSEP "cl-lr", "sugg_all"))
	x = mean("noisy" SUBSEP "pico", "auroc")
	printf "  [%s] AUROC of the suspicion ranking: %s (target >= 0.94)\n", \
	    verdict(!isna(x) && x >= 0.94), f3(x)

	sumf = nf = ok = 0
	for (i = 1; i <= nfiles; i++) {
		f = forder[i]
		split(f, t, SUBSEP)
		if (t[2] != "u10" || !have[f, "pico"] || \
		    val[f, "pico", "errors"] < 50 || \
		    isna(val[f, "pico", "p_first"]))
			continue
		sumf += val[f, "pico", "p_first"]
		nf++
		ok += val[f, "pico", "p_first"] >= 0.8
	}
	printf "  [%s] real errors among the first 50 cards: %s (target " \
	    ">= 0.80)\n         over the %d 10%%-noise files with >= 50 " \
	    "errors; %d of them >= 0.80\n", verdict(nf && sumf / nf >= 0.8), \
	    nf ? f3(sumf / nf) : "-", nf, ok

	strong = 0
	worst = 0
	sumc = nc = 0
	for (i = 1; i <= nds; i++) {
		f = dorder[i] SUBSEP "clean" SUBSEP 0
		if (!have[f, "pico"])
			continue
		sumc += val[f, "pico", "flag_rate"]
		nc++
		if (have[f, "cl"] && val[f, "cl", "oof_acc"] >= 0.95) {
			strong++
			if (val[f, "pico", "flag_rate"] > worst)
				worst = val[f, "pico", "flag_rate"]
		}
	}
	printf "  [%s] clean copies, out-of-fold accuracy >= 0.95: at most " \
	    "%.1f%% flagged\n         (%d datasets; target <= 2%%)\n", \
	    verdict(strong && worst <= 0.02), 100 * worst, strong
	printf "  [%s] clean copies, mean flag rate: %s%% over %d datasets " \
	    "(target <= 5%%)\n", verdict(nc && sumc / nc <= 0.05), \
	    nc ? sprintf("%.1f", 100 * sumc / nc) : "-", nc

	nun = okun = flags = warned = 0
	x = ""
	for (i = 1; i <= nfiles; i++) {
		f = forder[i]
		split(f, t, SUBSEP)
		if ((t[2] != "shuffle" && t[2] != "random") || !have[f, "pico"])
			continue
		nun++
		flags += val[f, "pico", "flagged"]
		warned += val[f, "pico", "warns"] > 0
		okun += val[f, "pico", "flagged"] == 0 && val[f, "pico", "warns"]
		x = x sprintf("%s%s %d", nun % 5 == 1 ? "\n         " : ", ", \
		    t[1], val[f, "pico", "flagged"])
	}
	printf "  [%s] labels unrelated to the features: %d of %d files with " \
	    "no flag and\n         the warning; %d warned; rows flagged:%s\n", \
	    verdict(nun && okun == nun), okun, nun, warned, x
	# the null family: how often the skill gate lets chance through
	for (k = 1; k <= 2; k++) {
		m = k == 1 ? "pico" : "pico-lr"
		nun = okun = flags = over3 = 0
		top = ""
		for (i = 1; i <= nfiles; i++) {
			f = forder[i]
			split(f, t, SUBSEP)
			if (t[2] != "null" || !have[f, m])
				continue
			nun++
			flags += val[f, m, "flagged"]
			okun += val[f, m, "flagged"] == 0 && val[f, m, "warns"]
			over3 += val[f, m, "gain"] + 0 >= 3
			if (top == "" || val[f, m, "gain"] + 0 > top)
				top = val[f, m, "gain"] + 0
		}
		if (nun)
			printf "  [info] null family, %s: %d of %d generated " \
			    "files with no flag and the\n         warning " \
			    "(%d rows flagged in the others); gain over 3 " \
			    "nats on %d,\n         the largest %.1f\n", m, \
			    okun, nun, flags, over3, top
	}

	if (mseen["pico-lr"]) {
		g = at_least("pico-lr", "cl-lr")
		printf "  [%s] F1 of Mode A at least cl's on identical " \
		    "probabilities: %d of %d\n         files (%.0f%%; " \
		    "target 90%%)\n", \
		    verdict(cmp && g >= 0.9 * cmp), g, cmp, \
		    cmp ? 100 * g / cmp : 0
	} else {
		print "  [ -- ] Mode A against cl on identical probabilities: " \
		    "no peer runs"
	}
	printf "  [info] |expected - true| errors on noisy copies: pico %s, " \
	    "cl %s\n", f1d(mean("noisy" SUBSEP "pico", "abs_est_err"), 1), \
	    f1d(mean("noisy" SUBSEP "cl", "abs_est_err"), 1)
}
