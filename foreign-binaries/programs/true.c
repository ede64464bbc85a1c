/* true - do nothing, successfully (arguments are ignored, as in GNU true). */
int main(void)
{
    return 0;
}
