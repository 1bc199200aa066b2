/* attribution_bench.c - time attribution on synthetic data through the
 * array fast path.
 *
 *   attribution_bench [TOUCHES [CONVERSIONS [MODEL]]]
 *
 * Defaults: 10,000,000 touches over 1,000,000 converting leads (the same
 * number of leads), 100 campaigns, touch times uniform over 100 days, one
 * conversion per lead uniform over days 10..100, 10 % of touches flagged
 * lead creation, model 2 (linear).  The data come from a fixed-seed
 * generator, so every run attributes the same input.  Prints CPU seconds
 * for interning, adding and the run, and a checksum of the credits. */
#include <sqlscore.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t bench_state = 1;
static uint32_t bench_rand(void)
{
    bench_state = bench_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (uint32_t)(bench_state >> 33);
}

static double bench_cpu(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

int main(int argc, char **argv)
{
    size_t nt = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 10000000u;
    size_t nl = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 1000000u;
    int32_t model = argc > 3 ? (int32_t)atoi(argv[3]) : SQLSCORE_MODEL_LINEAR;
    int32_t *lead = malloc(nt * sizeof *lead), *camp = malloc(nt * sizeof *camp);
    int32_t *flags = malloc(nt * sizeof *flags), *clead = malloc(nl * sizeof *clead);
    int64_t *time = malloc(nt * sizeof *time), *ctime = malloc(nl * sizeof *ctime);
    int64_t credits[100], sum = 0;
    sqlscore_attribution *a = NULL;
    sqlscore_attribution_result *r = NULL;
    size_t i, conversions = 0, attributed = 0;
    double t0, t1, t2, t3;
    char id[32];
    int rc = 1;

    if (lead == NULL || camp == NULL || flags == NULL || clead == NULL || time == NULL ||
        ctime == NULL || nl == 0 || sqlscore_attribution_new(&a) != SQLSCORE_OK)
        goto done;
    t0 = bench_cpu();
    for (i = 0; i < 100; i++) {
        snprintf(id, sizeof id, "campaign-%zu", i);
        if (sqlscore_attribution_campaign(a, id, NULL) != SQLSCORE_OK)
            goto fail;
    }
    for (i = 0; i < nl; i++) {
        snprintf(id, sizeof id, "lead-%zu", i);
        if (sqlscore_attribution_lead(a, id, &clead[i]) != SQLSCORE_OK)
            goto fail;
        ctime[i] = (int64_t)(bench_rand() % (90u * 86400u)) + 10 * 86400;
    }
    t1 = bench_cpu();
    for (i = 0; i < nt; i++) {
        lead[i] = (int32_t)(bench_rand() % nl);
        camp[i] = (int32_t)(bench_rand() % 100u);
        time[i] = (int64_t)(bench_rand() % (100u * 86400u));
        flags[i] = bench_rand() % 10u == 0 ? SQLSCORE_TOUCH_LEAD_CREATION : 0;
    }
    t2 = bench_cpu();
    if (sqlscore_attribution_add_touches(a, nt, lead, camp, time, flags) != SQLSCORE_OK ||
        sqlscore_attribution_add_conversions(a, nl, clead, ctime) != SQLSCORE_OK ||
        sqlscore_attribution_set_model(a, model) != SQLSCORE_OK)
        goto fail;
    t3 = bench_cpu();
    if (sqlscore_attribution_run(a, &r) != SQLSCORE_OK ||
        sqlscore_attribution_result_summary(r, &conversions, &attributed) != SQLSCORE_OK ||
        sqlscore_attribution_result_credits(r, 100, credits) != SQLSCORE_OK)
        goto fail;
    for (i = 0; i < 100; i++)
        sum += credits[i];
    printf("%zu touches, %zu conversions (%zu attributed), model %d\n", nt, conversions,
           attributed, (int)model);
    printf("intern %.2f s, add %.2f s, run %.2f s (CPU)\n", t1 - t0, t3 - t2,
           bench_cpu() - t3);
    printf("credit sum %lld ppm = %zu x 1000000: %s\n", (long long)sum, attributed,
           sum == (int64_t)attributed * SQLSCORE_CREDIT_ONE ? "ok" : "MISMATCH");
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "attribution_bench: %s\n", sqlscore_error_message());
done:
    sqlscore_attribution_result_free(r);
    sqlscore_attribution_free(a);
    free(lead);
    free(camp);
    free(flags);
    free(clead);
    free(time);
    free(ctime);
    return rc;
}
