/* bench.c - the libsqlscore side of `make bench`.
 *
 *   sqlscore-bench gen DIR SCALE       write the benchmark data to DIR
 *   sqlscore-bench run WORKLOAD DIR REPS
 *
 * `gen` writes every workload's input from one fixed-seed generator as raw
 * little-endian arrays (and text files with one value a line), so the
 * library and every baseline (tests/bench/baselines.py) read exactly the
 * same data.  `run` loads one workload's data, makes one untimed warm-up
 * call, times REPS calls and prints machine-readable lines for the driver
 * (tests/bench/run.py):
 *
 *   result WORKLOAD BASELINE SIZE ITEMS_PER_SECOND   (BASELINE "-" for the library)
 *   check WORKLOAD NAME VALUE                        (a result checksum)
 *   note WORKLOAD TEXT...
 *   rss WORKLOAD KILOBYTES                           (peak RSS of this process)
 *
 * Each workload runs in its own process, so its rss line is that
 * workload's peak memory (data included).  Rates are items per second of
 * wall-clock time; the figure is the median of the REPS repetitions. */
#define _XOPEN_SOURCE 700

#include <sqlscore.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* ------------------------------------------------------------------------ */
/* Helpers */

static void bench_die(const char *what)
{
    fprintf(stderr, "sqlscore-bench: %s: %s\n", what, sqlscore_error_message());
    exit(1);
}

static void bench_ok(int rc, const char *what)
{
    if (rc != SQLSCORE_OK)
        bench_die(what);
}

static void *bench_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "sqlscore-bench: out of memory (%zu bytes)\n", n);
        exit(1);
    }
    return p;
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* xorshift64*: small, fast and fixed, so the data never depend on libc. */
static uint64_t bench_rng = UINT64_C(0x9E3779B97F4A7C15);
static uint32_t bench_rand(void)
{
    bench_rng ^= bench_rng >> 12;
    bench_rng ^= bench_rng << 25;
    bench_rng ^= bench_rng >> 27;
    return (uint32_t)((bench_rng * UINT64_C(2685821657736338717)) >> 32);
}
static double bench_uniform(void)
{
    return (bench_rand() + 0.5) / 4294967296.0;
}

static char bench_path_buf[4096];
static const char *bench_path(const char *dir, const char *name)
{
    snprintf(bench_path_buf, sizeof bench_path_buf, "%s/%s", dir, name);
    return bench_path_buf;
}

static void bench_write(const char *dir, const char *name, const void *data, size_t bytes)
{
    FILE *f = fopen(bench_path(dir, name), "wb");
    if (f == NULL || fwrite(data, 1, bytes, f) != bytes || fclose(f) != 0) {
        fprintf(stderr, "sqlscore-bench: cannot write %s: %s\n", bench_path_buf, strerror(errno));
        exit(1);
    }
}

/* Reads a whole file; *bytes receives its size. */
static void *bench_read(const char *dir, const char *name, size_t *bytes)
{
    FILE *f = fopen(bench_path(dir, name), "rb");
    long size;
    char *p;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "sqlscore-bench: cannot read %s (run gen first)\n", bench_path_buf);
        exit(1);
    }
    p = bench_xmalloc((size_t)size + 1);
    if (fread(p, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "sqlscore-bench: short read on %s\n", bench_path_buf);
        exit(1);
    }
    p[size] = '\0';
    fclose(f);
    *bytes = (size_t)size;
    return p;
}

/* A text column: one value a line.  The strings point into one buffer. */
static const char **bench_read_lines(const char *dir, const char *name, size_t rows)
{
    size_t bytes, i = 0;
    char *text = bench_read(dir, name, &bytes), *p = text;
    const char **out = bench_xmalloc(rows * sizeof *out);
    while (i < rows && *p) {
        char *nl = strchr(p, '\n');
        out[i++] = p;
        if (nl == NULL)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    if (i != rows) {
        fprintf(stderr, "sqlscore-bench: %s has %zu lines, expected %zu\n", name, i, rows);
        exit(1);
    }
    return out;
}

static size_t bench_size(double scale, double full)
{
    double n = floor(full * scale + 0.5);
    return n < 1000 ? 1000 : (size_t)n;
}

static void bench_result(const char *workload, const char *baseline, size_t size, double rate)
{
    printf("result %s %s %zu %.6g\n", workload, baseline, size, rate);
}

static void bench_rss(const char *workload)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rss %s %ld\n", workload, ru.ru_maxrss);
}

/* Timing loop: one warm-up call, then reps timed calls; returns the median
 * seconds per call.  A body may put seconds it spent on untimed set-up in
 * bench_untimed. */
static double bench_untimed;
#define BENCH_TIME(reps, seconds, ...)                                                    \
    do {                                                                                  \
        double bench_t_[64];                                                              \
        int bench_r_;                                                                     \
        __VA_ARGS__;                                                                      \
        for (bench_r_ = 0; bench_r_ < (reps); bench_r_++) {                               \
            double bench_t0_ = bench_now();                                               \
            bench_untimed = 0;                                                            \
            __VA_ARGS__;                                                                  \
            bench_t_[bench_r_] = bench_now() - bench_t0_ - bench_untimed;                 \
        }                                                                                 \
        (seconds) = bench_median(bench_t_, (reps));                                       \
    } while (0)

/* ------------------------------------------------------------------------ */
/* Data shared by gen and run */

#define BENCH_SEGMENTS 50
#define BENCH_CAMPAIGNS 100
#define BENCH_AS_OF INT64_C(1767225600) /* 2026-01-01 00:00 UTC */
#define BENCH_DAY 86400

struct bench_sizes {
    size_t answers, leads, events, touches, conversions, transitions, rules, shards;
};

static struct bench_sizes bench_sizes_for(double scale)
{
    struct bench_sizes s;
    s.answers = bench_size(scale, 100e6);
    s.leads = bench_size(scale, 1e6);
    s.events = s.leads * 10;
    s.touches = bench_size(scale, 10e6);
    s.conversions = bench_size(scale, 1e6);
    s.transitions = bench_size(scale, 10e6);
    s.rules = 10000; /* the file size, whatever the scale */
    s.shards = 1000;
    return s;
}

/* Text values in mixed case: rules compare text ignoring case, so a
 * correct baseline has to fold case too. */
static const char *const bench_countries[] = {"DE", "de", "AT", "CH", "US", "us", "CA",
                                              "GB", "FR", "NL", "SE", "JP"};
static const char *const bench_industries[] = {"Software", "software", "SaaS",    "FinTech",
                                               "Finance",  "Retail",   "Hospitality", "Manufacturing",
                                               "Health",   "Education", "Logistics", "Media"};
static const char *const bench_titles[] = {
    "VP Sales",        "vp marketing",   "VP Engineering", "Head of Growth",  "head of IT",
    "Chief Revenue Officer", "chief technology officer", "Intern",     "intern marketing",
    "Manager",         "Sales Manager",  "Engineer",       "Analyst",         "Director of Sales",
    "Founder",         "Consultant",     "Head of Data",   "Developer",       "Account Executive",
    "Coordinator"};
static const char *const bench_sources[] = {"Referral", "partner", "Webinar", "Ads",
                                            "Organic",  "Event",   "Outbound", "Partner"};
#define BENCH_N(a) (sizeof(a) / sizeof(a)[0])

static const char *const bench_event_types[] = {"web_visit", "email_open", "demo_request",
                                                "webinar", "pricing_page"};

/* The criteria of score_columnar, score_handles and python_batch: 20 fit
 * rules (9 numeric comparisons, 6 set memberships, 5 text prefixes) and 5
 * engagement rules with half-life decay.  baselines.py implements the
 * same rules; keep the two in step. */
static const char bench_rules[] =
    "criteria bench version 1\n"
    "fit big if employees >= 500 then 10 points\n"
    "fit tiny if employees < 10 then -5 points\n"
    "fit enterprise if employees >= 5000 then 1 grade\n"
    "fit rich if revenue >= 10000000 then 15 points\n"
    "fit midrev if revenue between 1000000 and 10000000 then 5 points\n"
    "fit visits if web_visits > 20 then 5 points\n"
    "fit many_visits if web_visits > 100 then 5 points\n"
    "fit loyal if tenure_days >= 365 then 3 points\n"
    "fit promoter if nps >= 9 then 4 points\n"
    "fit dach if country in (\"DE\", \"AT\", \"CH\") then 8 points\n"
    "fit na if country in (\"US\", \"CA\") then 6 points\n"
    "fit tech if industry in (\"software\", \"saas\", \"fintech\") then 10 points\n"
    "fit lowfit if industry in (\"retail\", \"hospitality\") then -3 points\n"
    "fit warm if source in (\"referral\", \"partner\") then 7 points\n"
    "fit cold if source in (\"ads\", \"outbound\") then -2 points\n"
    "fit vp if title starts with \"VP\" then 12 points and 1 grade\n"
    "fit head if title starts with \"Head\" then 8 points\n"
    "fit chief if title starts with \"Chief\" then 15 points and 2 grades\n"
    "fit intern if title starts with \"Intern\" then -10 points and -1 grade\n"
    "fit fin if industry starts with \"fin\" then 2 points\n"
    "engagement visit on web_visit then 1 point each decay half-life 14d\n"
    "engagement open on email_open then 0.5 points each decay half-life 7d\n"
    "engagement demo on demo_request then 20 points once decay half-life 30d\n"
    "engagement webinar on webinar then 5 points max 3 decay half-life 30d\n"
    "engagement pricing on pricing_page then 3 points max 2 per 7d decay half-life 14d\n"
    "mql at score 30\n"
    "sql at score 60\n";

static const char *const bench_num_names[] = {"employees", "revenue", "web_visits", "tenure_days",
                                              "nps"};
static const char *const bench_text_names[] = {"country", "industry", "title", "source"};
#define BENCH_NUMS 5
#define BENCH_TEXTS 4

/* ------------------------------------------------------------------------ */
/* gen */

static void bench_write_lines(const char *dir, const char *name, const char *const *vals,
                              size_t nvals, size_t rows)
{
    FILE *f = fopen(bench_path(dir, name), "w");
    size_t i;
    if (f == NULL) {
        fprintf(stderr, "sqlscore-bench: cannot write %s\n", bench_path_buf);
        exit(1);
    }
    for (i = 0; i < rows; i++)
        fprintf(f, "%s\n", vals[bench_rand() % nvals]);
    if (fclose(f) != 0)
        exit(1);
}

static void bench_gen(const char *dir, double scale)
{
    struct bench_sizes s = bench_sizes_for(scale);
    /* eNPS answer distribution in percent: 0..10 */
    static const unsigned answer_pct[11] = {2, 1, 2, 3, 4, 6, 7, 15, 20, 22, 18};
    size_t i, j;
    FILE *f;

    { /* enps: the segment indices as uint8 (what a table holds for 50
       * categories) and, for the 4-byte call, as uint32 */
        uint8_t *ans = bench_xmalloc(s.answers), *seg8 = bench_xmalloc(s.answers);
        uint32_t *seg = bench_xmalloc(s.answers * sizeof *seg);
        for (i = 0; i < s.answers; i++) {
            unsigned r = bench_rand() % 100u, a = 0, acc = answer_pct[0];
            while (r >= acc)
                acc += answer_pct[++a];
            ans[i] = (uint8_t)a;
            seg[i] = bench_rand() % BENCH_SEGMENTS;
            seg8[i] = (uint8_t)seg[i];
        }
        bench_write(dir, "enps_answers.u8", ans, s.answers);
        bench_write(dir, "enps_segments.u8", seg8, s.answers);
        bench_write(dir, "enps_segments.u32", seg, s.answers * sizeof *seg);
        free(ans);
        free(seg8);
        free(seg);
    }
    { /* lead columns */
        double *col = bench_xmalloc(s.leads * sizeof *col), *emp = bench_xmalloc(s.leads * sizeof *emp);
        for (i = 0; i < s.leads; i++)
            emp[i] = floor(exp(bench_uniform() * log(20000.0)));
        bench_write(dir, "lead_employees.f64", emp, s.leads * sizeof *emp);
        for (i = 0; i < s.leads; i++)
            col[i] = floor(emp[i] * (50000 + 250000 * bench_uniform()));
        bench_write(dir, "lead_revenue.f64", col, s.leads * sizeof *col);
        for (i = 0; i < s.leads; i++)
            col[i] = (double)(bench_rand() % 200u);
        bench_write(dir, "lead_web_visits.f64", col, s.leads * sizeof *col);
        for (i = 0; i < s.leads; i++)
            col[i] = (double)(bench_rand() % 2000u);
        bench_write(dir, "lead_tenure_days.f64", col, s.leads * sizeof *col);
        for (i = 0; i < s.leads; i++)
            col[i] = (double)(bench_rand() % 11u);
        bench_write(dir, "lead_nps.f64", col, s.leads * sizeof *col);
        free(col);
        free(emp);
        bench_write_lines(dir, "lead_country.txt", bench_countries, BENCH_N(bench_countries), s.leads);
        bench_write_lines(dir, "lead_industry.txt", bench_industries, BENCH_N(bench_industries),
                          s.leads);
        bench_write_lines(dir, "lead_title.txt", bench_titles, BENCH_N(bench_titles), s.leads);
        bench_write_lines(dir, "lead_source.txt", bench_sources, BENCH_N(bench_sources), s.leads);
    }
    { /* engagement events: 10 per lead, up to 180 days before as-of */
        int32_t *lead = bench_xmalloc(s.events * sizeof *lead);
        uint8_t *type = bench_xmalloc(s.events);
        int64_t *t = bench_xmalloc(s.events * sizeof *t);
        for (i = 0; i < s.events; i++) {
            lead[i] = (int32_t)(i / 10);
            type[i] = (uint8_t)(bench_rand() % 5u);
            t[i] = BENCH_AS_OF - (int64_t)(bench_rand() % (180u * BENCH_DAY));
        }
        bench_write(dir, "event_lead.i32", lead, s.events * sizeof *lead);
        bench_write(dir, "event_type.u8", type, s.events);
        bench_write(dir, "event_time.i64", t, s.events * sizeof *t);
        free(lead);
        free(type);
        free(t);
    }
    { /* attribution: touches over 100 days, one conversion per lead on days 10..100 */
        int32_t *lead = bench_xmalloc(s.touches * sizeof *lead);
        int32_t *camp = bench_xmalloc(s.touches * sizeof *camp);
        int32_t *flags = bench_xmalloc(s.touches * sizeof *flags);
        int64_t *t = bench_xmalloc(s.touches * sizeof *t);
        int32_t *clead = bench_xmalloc(s.conversions * sizeof *clead);
        int64_t *ct = bench_xmalloc(s.conversions * sizeof *ct);
        for (i = 0; i < s.touches; i++) {
            unsigned r = bench_rand() % 100u;
            lead[i] = (int32_t)(bench_rand() % s.conversions);
            camp[i] = (int32_t)(bench_rand() % BENCH_CAMPAIGNS);
            t[i] = (int64_t)(bench_rand() % (100u * BENCH_DAY));
            flags[i] = r < 10 ? SQLSCORE_TOUCH_LEAD_CREATION
                       : r < 15 ? SQLSCORE_TOUCH_OPPORTUNITY_CREATION : 0;
        }
        for (i = 0; i < s.conversions; i++) {
            clead[i] = (int32_t)i;
            ct[i] = (int64_t)(bench_rand() % (90u * BENCH_DAY)) + 10 * BENCH_DAY;
        }
        bench_write(dir, "touch_lead.i32", lead, s.touches * sizeof *lead);
        bench_write(dir, "touch_campaign.i32", camp, s.touches * sizeof *camp);
        bench_write(dir, "touch_flags.i32", flags, s.touches * sizeof *flags);
        bench_write(dir, "touch_time.i64", t, s.touches * sizeof *t);
        bench_write(dir, "conv_lead.i32", clead, s.conversions * sizeof *clead);
        bench_write(dir, "conv_time.i64", ct, s.conversions * sizeof *ct);
        free(lead);
        free(camp);
        free(flags);
        free(t);
        free(clead);
        free(ct);
    }
    { /* funnel log: per entity a forward path through the default funnel
       * (inquiry .. customer), a quarter of the unfinished ones ending in
       * disqualified (7) or lost (8); grouped by entity, times ascending */
        int64_t *ent = bench_xmalloc(s.transitions * sizeof *ent);
        int32_t *stage = bench_xmalloc(s.transitions * sizeof *stage);
        int64_t *t = bench_xmalloc(s.transitions * sizeof *t);
        int64_t e = 0;
        i = 0;
        while (i < s.transitions) {
            int k = 1 + (int)(bench_rand() % 6u), st;
            int64_t now = BENCH_AS_OF - 400 * BENCH_DAY + (int64_t)(bench_rand() % (200u * BENCH_DAY));
            for (st = 0; st < k && i < s.transitions; st++, i++) {
                ent[i] = e;
                stage[i] = st;
                t[i] = now;
                now += 3600 + (int64_t)(bench_rand() % (30u * BENCH_DAY));
            }
            if (k < 6 && i < s.transitions && bench_rand() % 4u == 0) {
                ent[i] = e;
                stage[i] = bench_rand() % 2u ? 7 : 8;
                t[i] = now;
                i++;
            }
            e++;
        }
        bench_write(dir, "funnel_entity.i64", ent, s.transitions * sizeof *ent);
        bench_write(dir, "funnel_stage.i32", stage, s.transitions * sizeof *stage);
        bench_write(dir, "funnel_time.i64", t, s.transitions * sizeof *t);
        free(ent);
        free(stage);
        free(t);
    }
    /* the scoring criteria, for the Python binding's benchmark */
    bench_write(dir, "bench.rules", bench_rules, strlen(bench_rules));
    /* a 10,000-rule file: groups, fit rules cycling through the kinds of
     * condition, engagement rules, a disqualifier and a gate */
    f = fopen(bench_path(dir, "rules10k.txt"), "w");
    if (f == NULL)
        exit(1);
    fprintf(f, "# generated by sqlscore-bench\ncriteria \"bench 10k\" version 3\n");
    for (j = 0; j < 10; j++)
        fprintf(f, "group g%zu cap %zu\n", j, 50 + j);
    for (j = 0; j < s.rules - 2; j++) {
        switch (j % 10) {
        case 0: fprintf(f, "fit r%zu in group g%zu if employees >= %zu then 3 points\n", j, j % 10, j); break;
        case 1: fprintf(f, "fit r%zu if country in (\"DE\", \"AT\", \"C%zu\") and revenue > %zu then 2 points and 1 grade\n", j, j, j * 1000); break;
        case 2: fprintf(f, "fit r%zu if title starts with \"VP%zu\" or title contains \"Head\" then 4 points\n", j, j); break;
        case 3: fprintf(f, "fit r%zu in group g%zu if not (industry = \"retail\") and nps between 7 and %zu then 1 point\n", j, j % 10, 10 + j); break;
        case 4: fprintf(f, "fit r%zu if last_seen within %zud then 2 points\n", j, 1 + j % 90); break;
        case 5: fprintf(f, "engagement r%zu on event_%zu then 1.5 points max 3 per 7d decay half-life 14d\n", j, j); break;
        case 6: fprintf(f, "engagement r%zu in group g%zu on \"page view %zu\" if value >= 30 then 1 point each decay linear 10%% per 7d\n", j, j % 10, j); break;
        case 7: fprintf(f, "fit r%zu if deal_size >= %zu.50 USD then 5 points\n", j, 1000 + j); break;
        case 8: fprintf(f, "fit r%zu if email ends with \"@example%zu.com\" then -2 points\n", j, j); break;
        default: fprintf(f, "fit r%zu if (budget is met or need is not met) and source is set then 1 grade\n", j); break;
        }
    }
    fprintf(f, "disqualify competitor if industry = \"competitor\"\n");
    fprintf(f, "gate budget_ok if budget is met\n");
    fprintf(f, "mql at score 40 and grade C\nsql at score 80 and grade B\n");
    if (fclose(f) != 0)
        exit(1);
    /* the PostgreSQL slice of the eNPS answers, as CSV for COPY */
    {
        size_t bytes, n = s.answers < 5000000 ? s.answers : 5000000;
        uint8_t *ans = bench_read(dir, "enps_answers.u8", &bytes);
        uint32_t *seg = bench_read(dir, "enps_segments.u32", &bytes);
        f = fopen(bench_path(dir, "enps_slice.csv"), "w");
        if (f == NULL)
            exit(1);
        for (i = 0; i < n; i++)
            fprintf(f, "%u,%u\n", (unsigned)seg[i], (unsigned)ans[i]);
        if (fclose(f) != 0)
            exit(1);
        free(ans);
        free(seg);
    }
    f = fopen(bench_path(dir, "meta.txt"), "w");
    if (f == NULL)
        exit(1);
    fprintf(f, "scale %.17g\nanswers %zu\nleads %zu\nevents %zu\ntouches %zu\nconversions %zu\n"
               "transitions %zu\nrules %zu\nshards %zu\nsegments %d\ncampaigns %d\nas_of %lld\n",
            scale, s.answers, s.leads, s.events, s.touches, s.conversions, s.transitions,
            s.rules, s.shards, BENCH_SEGMENTS, BENCH_CAMPAIGNS, (long long)BENCH_AS_OF);
    if (fclose(f) != 0)
        exit(1);
}

static double bench_meta_scale(const char *dir)
{
    size_t bytes;
    char *m = bench_read(dir, "meta.txt", &bytes);
    double scale = 0;
    if (sscanf(m, "scale %lf", &scale) != 1) {
        fprintf(stderr, "sqlscore-bench: bad %s/meta.txt\n", dir);
        exit(1);
    }
    free(m);
    return scale;
}

/* ------------------------------------------------------------------------ */
/* Workloads */

static sqlscore_criteria *bench_criteria(void)
{
    sqlscore_criteria *c = NULL;
    bench_ok(sqlscore_criteria_parse(&c, bench_rules, strlen(bench_rules), "bench.rules"),
             "parse the benchmark criteria");
    return c;
}

/* One eNPS run: intern the segments, count the batch (segment indices of
 * width bytes), read the 50 results into counts. */
static void bench_enps_once(const uint8_t *ans, size_t n, const void *seg, size_t width,
                            uint64_t counts[][3], double *enps0)
{
    sqlscore_survey *sv = NULL;
    uint32_t k;
    char name[16];
    bench_ok(sqlscore_survey_new(&sv), "survey_new");
    for (k = 0; k < BENCH_SEGMENTS; k++) {
        snprintf(name, sizeof name, "s%02u", (unsigned)k);
        bench_ok(sqlscore_survey_segment(sv, name, NULL), "survey_segment");
    }
    if (width == 4)
        bench_ok(sqlscore_survey_add_batch(sv, ans, n, seg, NULL, NULL, NULL), "add_batch");
    else
        bench_ok(sqlscore_survey_add_batch_width(sv, ans, n, seg, width, NULL, NULL, NULL),
                 "add_batch_width");
    for (k = 0; k < BENCH_SEGMENTS; k++) {
        sqlscore_enps_result *r = NULL;
        double e;
        int32_t suppressed;
        snprintf(name, sizeof name, "s%02u", (unsigned)k);
        bench_ok(sqlscore_survey_result(sv, name, SQLSCORE_SURVEY_ALL_TIME, &r), "survey_result");
        bench_ok(sqlscore_enps_result_counts(r, &counts[k][0], &counts[k][1], &counts[k][2]),
                 "result_counts");
        if (sqlscore_enps_result_score(r, &e, &suppressed) == SQLSCORE_OK && k == 0)
            *enps0 = e;
        sqlscore_enps_result_free(r);
    }
    sqlscore_survey_free(sv);
}

/* enps: 4-byte segment indices (sqlscore_survey_add_batch); enps_narrow:
 * 1-byte ones (sqlscore_survey_add_batch_width), the form a table holds 50
 * categories in.  Each with the read bandwidth over the bytes it reads. */
static void bench_enps(const char *dir, struct bench_sizes s, int reps, size_t width)
{
    const char *w = width == 4 ? "enps" : "enps_narrow";
    size_t bytes, i, nb = s.answers * width;
    uint8_t *ans = bench_read(dir, "enps_answers.u8", &bytes);
    uint8_t *seg = bench_read(dir, width == 4 ? "enps_segments.u32" : "enps_segments.u8", &bytes);
    uint64_t counts[BENCH_SEGMENTS][3];
    double sec, enps0 = 0;
    uint64_t sum = 0, check = 0;

    BENCH_TIME(reps, sec, bench_enps_once(ans, s.answers, seg, width, counts, &enps0));
    bench_result(w, "-", s.answers, (double)s.answers / sec);
    for (i = 0; i < BENCH_SEGMENTS; i++)
        check += (i + 1) * (counts[i][0] + 7 * counts[i][1] + 3 * counts[i][2]);
    printf("check %s counts %llu\n", w, (unsigned long long)check);
    printf("note %s segment s00: eNPS %.4f\n", w, enps0);

    /* read bandwidth: a plain pass over the same bytes the batch reads
     * (the answers and the indices), summed 8 bytes at a time so that the
     * loop is bound by memory, not by an addition per element */
    BENCH_TIME(reps, sec, {
        uint64_t a = 0, b = 0, word;
        for (i = 0; i + 8 <= s.answers; i += 8) {
            memcpy(&word, ans + i, 8);
            a += word;
        }
        for (; i < s.answers; i++)
            a += ans[i];
        for (i = 0; i + 8 <= nb; i += 8) {
            memcpy(&word, seg + i, 8);
            b += word;
        }
        for (; i < nb; i++)
            b += seg[i];
        sum = a + b;
        __asm__ __volatile__("" : : "r"(sum) : "memory");
    });
    bench_result(w, "read_bandwidth", s.answers, (double)s.answers / sec);
    printf("note %s read_bandwidth: %.2f GB/s over %zu bytes a pass (checksum %llu)\n", w,
           (double)(s.answers + nb) / sec / 1e9, s.answers + nb, (unsigned long long)sum);
    free(ans);
    free(seg);
    bench_rss(w);
}

struct bench_columns {
    size_t rows;
    double *nums[BENCH_NUMS];
    const char **texts[BENCH_TEXTS];
};

static void bench_load_columns(const char *dir, size_t rows, struct bench_columns *cols)
{
    size_t bytes;
    int k;
    char name[64];
    cols->rows = rows;
    for (k = 0; k < BENCH_NUMS; k++) {
        snprintf(name, sizeof name, "lead_%s.f64", bench_num_names[k]);
        cols->nums[k] = bench_read(dir, name, &bytes);
        if (bytes != rows * sizeof(double)) {
            fprintf(stderr, "sqlscore-bench: %s: wrong size\n", name);
            exit(1);
        }
    }
    for (k = 0; k < BENCH_TEXTS; k++) {
        snprintf(name, sizeof name, "lead_%s.txt", bench_text_names[k]);
        cols->texts[k] = bench_read_lines(dir, name, rows);
    }
}

static void bench_score_checks(const char *workload, const double *scores, const int32_t *grades,
                               const int32_t *verdicts, size_t rows)
{
    double sum = 0;
    size_t i, sql = 0, mql = 0;
    long long gsum = 0;
    for (i = 0; i < rows; i++) {
        sum += scores[i];
        gsum += grades[i];
        sql += verdicts[i] == SQLSCORE_VERDICT_SQL;
        mql += verdicts[i] == SQLSCORE_VERDICT_MQL;
    }
    printf("check %s score_sum %.3f\n", workload, sum);
    printf("check %s grade_sum %lld\n", workload, gsum);
    printf("check %s mql %zu\n", workload, mql);
    printf("check %s sql %zu\n", workload, sql);
}

/* A text column dictionary-encoded, the way a data team holds it
 * (pandas Categorical, Arrow dictionary): codes index the distinct values
 * in order of first appearance.  Data loading, not timed. */
struct bench_coded {
    int32_t *codes;
    const char **dict;
    size_t n;
};

static void bench_encode(const char *const *col, size_t rows, struct bench_coded *out)
{
    size_t i, j;
    out->codes = bench_xmalloc(rows * sizeof *out->codes);
    out->dict = bench_xmalloc(64 * sizeof *out->dict);
    out->n = 0;
    for (i = 0; i < rows; i++) {
        for (j = 0; j < out->n && strcmp(out->dict[j], col[i]) != 0; j++)
            ;
        if (j == out->n) {
            if (out->n == 64)
                bench_die("a text column has more than 64 distinct values");
            out->dict[out->n++] = col[i];
        }
        out->codes[i] = (int32_t)j;
    }
}

/* score_columnar: the columnar entry point with the text columns
 * dictionary-encoded (sqlscore_criteria_evaluate_coded), as the bindings
 * pass them.  Before timing, the same table given as strings
 * (sqlscore_criteria_evaluate_columns) must give the same results, bit
 * for bit. */
static void bench_score_columnar(const char *dir, struct bench_sizes s, int reps)
{
    struct bench_columns cols;
    struct bench_coded coded[BENCH_TEXTS];
    const int32_t *codes[BENCH_TEXTS];
    const char *const *dicts[BENCH_TEXTS];
    size_t dsizes[BENCH_TEXTS];
    sqlscore_criteria *c = bench_criteria();
    double *scores = bench_xmalloc(s.leads * sizeof *scores), sec;
    int32_t *grades = bench_xmalloc(s.leads * sizeof *grades);
    int32_t *verdicts = bench_xmalloc(s.leads * sizeof *verdicts);
    double *scores2 = bench_xmalloc(s.leads * sizeof *scores2);
    int32_t *grades2 = bench_xmalloc(s.leads * sizeof *grades2);
    int32_t *verdicts2 = bench_xmalloc(s.leads * sizeof *verdicts2);
    int k;

    bench_load_columns(dir, s.leads, &cols);
    for (k = 0; k < BENCH_TEXTS; k++) {
        bench_encode(cols.texts[k], s.leads, &coded[k]);
        codes[k] = coded[k].codes;
        dicts[k] = coded[k].dict;
        dsizes[k] = coded[k].n;
    }
    bench_ok(sqlscore_criteria_evaluate_columns(
                 c, s.leads, BENCH_NUMS, bench_num_names, (const double *const *)cols.nums, NULL,
                 BENCH_TEXTS, bench_text_names, (const char *const *const *)cols.texts, scores2,
                 grades2, verdicts2),
             "evaluate_columns");
    BENCH_TIME(reps, sec, {
        bench_ok(sqlscore_criteria_evaluate_coded(
                     c, s.leads, BENCH_NUMS, bench_num_names, (const double *const *)cols.nums,
                     NULL, BENCH_TEXTS, bench_text_names, codes, dsizes, dicts, scores, grades,
                     verdicts),
                 "evaluate_coded");
    });
    if (memcmp(scores, scores2, s.leads * sizeof *scores) != 0 ||
        memcmp(grades, grades2, s.leads * sizeof *grades) != 0 ||
        memcmp(verdicts, verdicts2, s.leads * sizeof *verdicts) != 0)
        bench_die("evaluate_coded and evaluate_columns disagree");
    bench_result("score_columnar", "-", s.leads, (double)s.leads / sec);
    printf("note score_columnar: text columns dictionary-encoded (%zu, %zu, %zu, %zu "
           "values), sqlscore_criteria_evaluate_coded\n", dsizes[0], dsizes[1], dsizes[2],
           dsizes[3]);
    bench_score_checks("score_columnar", scores, grades, verdicts, s.leads);
    sqlscore_criteria_free(c);
    bench_rss("score_columnar");
}

/* score_columnar_text: the same table with text columns as strings, one
 * per cell (sqlscore_criteria_evaluate_columns). */
static void bench_score_columnar_text(const char *dir, struct bench_sizes s, int reps)
{
    struct bench_columns cols;
    sqlscore_criteria *c = bench_criteria();
    double *scores = bench_xmalloc(s.leads * sizeof *scores), sec;
    int32_t *grades = bench_xmalloc(s.leads * sizeof *grades);
    int32_t *verdicts = bench_xmalloc(s.leads * sizeof *verdicts);

    bench_load_columns(dir, s.leads, &cols);
    BENCH_TIME(reps, sec, {
        bench_ok(sqlscore_criteria_evaluate_columns(
                     c, s.leads, BENCH_NUMS, bench_num_names, (const double *const *)cols.nums,
                     NULL, BENCH_TEXTS, bench_text_names, (const char *const *const *)cols.texts,
                     scores, grades, verdicts),
                 "evaluate_columns");
    });
    bench_result("score_columnar_text", "-", s.leads, (double)s.leads / sec);
    bench_score_checks("score_columnar_text", scores, grades, verdicts, s.leads);
    sqlscore_criteria_free(c);
    bench_rss("score_columnar_text");
}

static void bench_score_handles(const char *dir, struct bench_sizes s, int reps)
{
    struct bench_columns cols;
    sqlscore_criteria *c = bench_criteria();
    sqlscore_lead **leads = bench_xmalloc(s.leads * sizeof *leads);
    double *scores = bench_xmalloc(s.leads * sizeof *scores), sec, t0;
    int32_t *grades = bench_xmalloc(s.leads * sizeof *grades);
    int32_t *verdicts = bench_xmalloc(s.leads * sizeof *verdicts);
    size_t bytes, i;
    int32_t *elead = bench_read(dir, "event_lead.i32", &bytes);
    uint8_t *etype = bench_read(dir, "event_type.u8", &bytes);
    int64_t *etime = bench_read(dir, "event_time.i64", &bytes);
    char id[32];
    int k;

    bench_load_columns(dir, s.leads, &cols);
    t0 = bench_now();
    for (i = 0; i < s.leads; i++) {
        snprintf(id, sizeof id, "lead-%zu", i);
        bench_ok(sqlscore_lead_new(&leads[i], id), "lead_new");
        for (k = 0; k < BENCH_NUMS; k++)
            bench_ok(sqlscore_lead_set_number(leads[i], bench_num_names[k], cols.nums[k][i]),
                     "lead_set_number");
        for (k = 0; k < BENCH_TEXTS; k++)
            bench_ok(sqlscore_lead_set_text(leads[i], bench_text_names[k], cols.texts[k][i]),
                     "lead_set_text");
    }
    for (i = 0; i < s.events; i++)
        bench_ok(sqlscore_lead_event_add(leads[elead[i]], bench_event_types[etype[i]], etime[i],
                                         NULL, NULL),
                 "lead_event_add");
    printf("note score_handles: building %zu lead handles with %zu events took %.2f s (untimed)\n",
           s.leads, s.events, bench_now() - t0);
    BENCH_TIME(reps, sec, {
        bench_ok(sqlscore_criteria_evaluate_batch(c, (const sqlscore_lead *const *)leads, s.leads,
                                                  BENCH_AS_OF, scores, grades, verdicts),
                 "evaluate_batch");
    });
    bench_result("score_handles", "-", s.leads, (double)s.leads / sec);
    printf("note score_handles: %.3g events/s\n", (double)s.events / sec);
    bench_score_checks("score_handles", scores, grades, verdicts, s.leads);
    for (i = 0; i < s.leads; i++)
        sqlscore_lead_free(leads[i]);
    sqlscore_criteria_free(c);
    bench_rss("score_handles");
}

static void bench_attribution(const char *dir, struct bench_sizes s, int reps)
{
    size_t bytes, i;
    int32_t *lead = bench_read(dir, "touch_lead.i32", &bytes);
    int32_t *camp = bench_read(dir, "touch_campaign.i32", &bytes);
    int32_t *flags = bench_read(dir, "touch_flags.i32", &bytes);
    int64_t *t = bench_read(dir, "touch_time.i64", &bytes);
    int32_t *clead = bench_read(dir, "conv_lead.i32", &bytes);
    int64_t *ct = bench_read(dir, "conv_time.i64", &bytes);
    int64_t credit_w[BENCH_CAMPAIGNS], credit_d[BENCH_CAMPAIGNS];
    double sec, intern_sec = 0, phase[4] = {0, 0, 0, 0};
    char id[32];

    /* The handle (interned identifiers) is data loading, like the
     * baseline's DataFrame; timed: adding the arrays and both runs. */
    BENCH_TIME(reps, sec, {
        sqlscore_attribution *a = NULL;
        sqlscore_attribution_result *r = NULL;
        double ti = bench_now(), tstart;
        bench_ok(sqlscore_attribution_new(&a), "attribution_new");
        for (i = 0; i < BENCH_CAMPAIGNS; i++) {
            snprintf(id, sizeof id, "c%zu", i);
            bench_ok(sqlscore_attribution_campaign(a, id, NULL), "attribution_campaign");
        }
        for (i = 0; i < s.conversions; i++) {
            snprintf(id, sizeof id, "lead-%zu", i);
            bench_ok(sqlscore_attribution_lead(a, id, NULL), "attribution_lead");
        }
        tstart = bench_now();
        intern_sec = tstart - ti;
        bench_ok(sqlscore_attribution_add_touches(a, s.touches, lead, camp, t, flags), "add_touches");
        bench_ok(sqlscore_attribution_add_conversions(a, s.conversions, clead, ct), "add_conversions");
        phase[0] = bench_now();
        bench_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_W_SHAPED), "set_model");
        bench_ok(sqlscore_attribution_run(a, &r), "run");
        bench_ok(sqlscore_attribution_result_credits(r, BENCH_CAMPAIGNS, credit_w), "credits");
        sqlscore_attribution_result_free(r);
        phase[1] = bench_now();
        bench_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_TIME_DECAY), "set_model");
        bench_ok(sqlscore_attribution_run(a, &r), "run");
        bench_ok(sqlscore_attribution_result_credits(r, BENCH_CAMPAIGNS, credit_d), "credits");
        sqlscore_attribution_result_free(r);
        phase[2] = bench_now();
        sqlscore_attribution_free(a);
        phase[3] = bench_now();
        phase[0] -= tstart;
        phase[1] -= tstart;
        phase[2] -= tstart;
        phase[3] -= tstart;
        bench_untimed = intern_sec;
    });
    bench_result("attribution", "-", s.touches, (double)s.touches / sec);
    printf("note attribution: interning %zu lead ids took %.2f s (untimed)\n", s.conversions,
           intern_sec);
    printf("note attribution: last repetition: adding the arrays %.2f s, W-shaped run %.2f s, "
           "time-decay run %.2f s, freeing %.2f s\n",
           phase[0], phase[1] - phase[0], phase[2] - phase[1], phase[3] - phase[2]);
    printf("check attribution w_shaped_c0 %.6f\n", (double)credit_w[0] / SQLSCORE_CREDIT_ONE);
    printf("check attribution time_decay_c0 %.6f\n", (double)credit_d[0] / SQLSCORE_CREDIT_ONE);
    free(lead);
    free(camp);
    free(flags);
    free(t);
    free(clead);
    free(ct);
    bench_rss("attribution");
}

static void bench_funnel(const char *dir, struct bench_sizes s, int reps)
{
    size_t bytes;
    int64_t *ent = bench_read(dir, "funnel_entity.i64", &bytes);
    int32_t *stage = bench_read(dir, "funnel_stage.i32", &bytes);
    int64_t *t = bench_read(dir, "funnel_time.i64", &bytes);
    sqlscore_funnel *f = NULL;
    double sec, med[9] = {0}, velocity = 0;
    int64_t entered[9] = {0};
    int32_t nstages = 0;

    bench_ok(sqlscore_funnel_new_default(&f), "funnel_new_default");
    bench_ok(sqlscore_funnel_stage_count(f, &nstages), "stage_count");
    BENCH_TIME(reps, sec, {
        sqlscore_funnel_metrics *m = NULL;
        int32_t k;
        bench_ok(sqlscore_funnel_metrics_new(&m, f, 0, BENCH_AS_OF, BENCH_AS_OF), "metrics_new");
        bench_ok(sqlscore_funnel_metrics_add_log(m, ent, stage, t, s.transitions, 0, NULL),
                 "metrics_add_log");
        for (k = 0; k < nstages && k < 9; k++) {
            int64_t cnt;
            double mean, p90;
            bench_ok(sqlscore_funnel_metrics_count(m, k, SQLSCORE_FUNNEL_METRIC_ENTERED, &entered[k]),
                     "metrics_count");
            if (sqlscore_funnel_metrics_time_in_stage(m, k, &cnt, &med[k], &mean, &p90) !=
                SQLSCORE_OK)
                med[k] = -1;
        }
        if (sqlscore_funnel_metrics_velocity(m, NULL, &velocity, NULL, NULL) != SQLSCORE_OK)
            velocity = -1;
        sqlscore_funnel_metrics_free(m);
    });
    bench_result("funnel", "-", s.transitions, (double)s.transitions / sec);
    printf("check funnel entered_0 %lld\n", (long long)entered[0]);
    printf("check funnel entered_3 %lld\n", (long long)entered[3]);
    printf("check funnel median_0 %.1f\n", med[0]);
    printf("check funnel median_2 %.1f\n", med[2]);
    sqlscore_funnel_free(f);
    free(ent);
    free(stage);
    free(t);
    bench_rss("funnel");
}

static void bench_parse_rules(const char *dir, struct bench_sizes s, int reps)
{
    size_t bytes;
    char *text = bench_read(dir, "rules10k.txt", &bytes);
    double sec;
    BENCH_TIME(reps, sec, {
        sqlscore_criteria *c = NULL;
        bench_ok(sqlscore_criteria_parse(&c, text, bytes, "rules10k.txt"), "criteria_parse");
        sqlscore_criteria_free(c);
    });
    bench_result("parse_rules", "-", s.rules, (double)s.rules / sec);
    printf("note parse_rules: %zu rules (%zu bytes) in %.2f ms (goal: under 50 ms)\n", s.rules,
           bytes, sec * 1e3);
    free(text);
    bench_rss("parse_rules");
}

static void bench_survey_merge(struct bench_sizes s, int reps)
{
    void **blob = bench_xmalloc(s.shards * sizeof *blob);
    size_t *blen = bench_xmalloc(s.shards * sizeof *blen), i, per = 10000, total = 0;
    uint8_t *ans = bench_xmalloc(per);
    uint32_t *seg = bench_xmalloc(per * sizeof *seg);
    uint64_t n_all = 0;
    double sec;
    char name[16];

    for (i = 0; i < s.shards; i++) {
        sqlscore_survey *sv = NULL;
        size_t j;
        uint32_t k;
        bench_ok(sqlscore_survey_new(&sv), "survey_new");
        for (k = 0; k < BENCH_SEGMENTS; k++) {
            snprintf(name, sizeof name, "s%02u", (unsigned)k);
            bench_ok(sqlscore_survey_segment(sv, name, NULL), "survey_segment");
        }
        for (j = 0; j < per; j++) {
            ans[j] = (uint8_t)(bench_rand() % 11u);
            seg[j] = bench_rand() % BENCH_SEGMENTS;
        }
        bench_ok(sqlscore_survey_add_batch(sv, ans, per, seg, NULL, NULL, NULL), "add_batch");
        bench_ok(sqlscore_survey_serialize(sv, &blob[i], &blen[i]), "serialize");
        total += blen[i];
        sqlscore_survey_free(sv);
    }
    BENCH_TIME(reps, sec, {
        sqlscore_survey *dst = NULL;
        sqlscore_enps_result *r = NULL;
        bench_ok(sqlscore_survey_new(&dst), "survey_new");
        for (i = 0; i < s.shards; i++) {
            sqlscore_survey *src = NULL;
            bench_ok(sqlscore_survey_parse(&src, blob[i], blen[i]), "survey_parse");
            bench_ok(sqlscore_survey_merge(dst, src), "survey_merge");
            sqlscore_survey_free(src);
        }
        bench_ok(sqlscore_survey_result(dst, NULL, SQLSCORE_SURVEY_ALL_TIME, &r), "survey_result");
        bench_ok(sqlscore_enps_result_n(r, &n_all, NULL, NULL), "result_n");
        sqlscore_enps_result_free(r);
        sqlscore_survey_free(dst);
    });
    bench_result("survey_merge", "-", s.shards, (double)s.shards / sec);
    printf("note survey_merge: %zu shards of %zu answers x %d segments, %zu bytes serialized "
           "(%.0f bytes a shard), parsed and merged in %.2f ms; merged n = %llu\n",
           s.shards, per, BENCH_SEGMENTS, total, (double)total / (double)s.shards, sec * 1e3,
           (unsigned long long)n_all);
    for (i = 0; i < s.shards; i++)
        sqlscore_buffer_free(blob[i]);
    free(blob);
    free(blen);
    free(ans);
    free(seg);
    bench_rss("survey_merge");
}

/* Counting allocator: the bytes the library holds, exactly.  Each block
 * carries its size in a 16-byte header (keeps malloc's alignment). */
static size_t bench_live, bench_peak;
static void *bench_cnt_malloc(size_t n)
{
    size_t *p = malloc(n + 16);
    if (p == NULL)
        return NULL;
    p[0] = n;
    bench_live += n;
    if (bench_live > bench_peak)
        bench_peak = bench_live;
    return (char *)p + 16;
}
static void bench_cnt_free(void *q)
{
    size_t *p = (size_t *)((char *)q - 16);
    bench_live -= p[0];
    free(p);
}
static void *bench_cnt_realloc(void *q, size_t n)
{
    size_t *p, old;
    if (q == NULL)
        return bench_cnt_malloc(n);
    p = (size_t *)((char *)q - 16);
    old = p[0];
    p = realloc(p, n + 16);
    if (p == NULL)
        return NULL;
    p[0] = n;
    bench_live = bench_live - old + n;
    if (bench_live > bench_peak)
        bench_peak = bench_live;
    return (char *)p + 16;
}

/* Shows that the aggregate's memory follows segments x periods and not
 * the number of answers: the library's own allocations, counted exactly. */
static void bench_survey_memory(struct bench_sizes s)
{
    static const struct {
        size_t answers;
        uint32_t segments;
        int months;
    } cfg[] = {{1000000, 50, 0},   {10000000, 50, 0},  {1000000, 500, 0},
               {1000000, 50, 12},  {10000000, 50, 12}, {1000000, 500, 12}};
    size_t c, max_n = 10000000, i;
    uint8_t *ans;
    uint32_t *seg;
    int64_t *tm;
    (void)s;
    ans = bench_xmalloc(max_n);
    seg = bench_xmalloc(max_n * sizeof *seg);
    tm = bench_xmalloc(max_n * sizeof *tm);
    for (i = 0; i < max_n; i++) {
        ans[i] = (uint8_t)(bench_rand() % 11u);
        seg[i] = bench_rand();
        /* uniform over 2025 (365 days, 12 calendar months) */
        tm[i] = BENCH_AS_OF - 365 * BENCH_DAY + (int64_t)(bench_rand() % (365u * BENCH_DAY));
    }
    bench_ok(sqlscore_allocator_set(bench_cnt_malloc, bench_cnt_realloc, bench_cnt_free),
             "allocator_set");
    for (c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
        sqlscore_survey *sv = NULL;
        uint32_t k;
        size_t periods = 0;
        char name[16];
        for (i = 0; i < cfg[c].answers; i++)
            seg[i] %= cfg[c].segments;
        bench_live = bench_peak = 0;
        bench_ok(sqlscore_survey_new(&sv), "survey_new");
        if (cfg[c].months)
            bench_ok(sqlscore_survey_set_period(sv, SQLSCORE_PERIOD_MONTH, 0), "set_period");
        for (k = 0; k < cfg[c].segments; k++) {
            snprintf(name, sizeof name, "s%03u", (unsigned)k);
            bench_ok(sqlscore_survey_segment(sv, name, NULL), "survey_segment");
        }
        bench_ok(sqlscore_survey_add_batch(sv, ans, cfg[c].answers, seg,
                                           cfg[c].months ? tm : NULL, NULL, NULL),
                 "add_batch");
        bench_ok(sqlscore_survey_period_count(sv, &periods), "period_count");
        printf("memory survey answers=%zu segments=%u periods=%zu live_bytes=%zu peak_bytes=%zu\n",
               cfg[c].answers, (unsigned)cfg[c].segments, periods ? periods : 1, bench_live,
               bench_peak);
        sqlscore_survey_free(sv);
    }
    bench_ok(sqlscore_allocator_set(NULL, NULL, NULL), "allocator_set");
    free(ans);
    free(seg);
    free(tm);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gen") == 0) {
        double scale = strtod(argv[3], NULL);
        if (!(scale > 0 && scale <= 10)) {
            fprintf(stderr, "sqlscore-bench: scale must be in (0, 10]\n");
            return 2;
        }
        bench_gen(argv[2], scale);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "run") == 0) {
        const char *w = argv[2], *dir = argv[3];
        int reps = atoi(argv[4]);
        struct bench_sizes s = bench_sizes_for(bench_meta_scale(dir));
        if (reps < 1 || reps > 63) {
            fprintf(stderr, "sqlscore-bench: REPS must be 1..63\n");
            return 2;
        }
        if (strcmp(w, "enps") == 0)
            bench_enps(dir, s, reps, 4);
        else if (strcmp(w, "enps_narrow") == 0)
            bench_enps(dir, s, reps, 1);
        else if (strcmp(w, "score_columnar") == 0)
            bench_score_columnar(dir, s, reps);
        else if (strcmp(w, "score_columnar_text") == 0)
            bench_score_columnar_text(dir, s, reps);
        else if (strcmp(w, "score_handles") == 0)
            bench_score_handles(dir, s, reps);
        else if (strcmp(w, "attribution") == 0)
            bench_attribution(dir, s, reps);
        else if (strcmp(w, "funnel") == 0)
            bench_funnel(dir, s, reps);
        else if (strcmp(w, "parse_rules") == 0)
            bench_parse_rules(dir, s, reps);
        else if (strcmp(w, "survey_merge") == 0)
            bench_survey_merge(s, reps);
        else if (strcmp(w, "survey_memory") == 0)
            bench_survey_memory(s);
        else {
            fprintf(stderr, "sqlscore-bench: unknown workload '%s'\n", w);
            return 2;
        }
        return fflush(stdout) == 0 ? 0 : 1;
    }
    fprintf(stderr, "usage: sqlscore-bench gen DIR SCALE\n"
                    "       sqlscore-bench run WORKLOAD DIR REPS\n"
                    "workloads: enps enps_narrow score_columnar score_columnar_text score_handles\n"
                    "           attribution funnel parse_rules\n"
                    "           survey_merge survey_memory\n");
    return 2;
}
