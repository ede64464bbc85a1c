/* exit42: exit status pass-through. Prints nothing and returns 42 from main; the RUNNER checks that
 * the process ends with status 42 (natively and under Burrow), so it is not a TAP test. */
int main(void)
{
    return 42;
}
