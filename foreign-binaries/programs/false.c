/* false - do nothing, unsuccessfully (arguments are ignored). */
int main(void)
{
    return 1;
}
