/* true: exits 0 at once; what forkexec runs (smaller than busybox, so the
 * row measures umk's exec rather than mapping a large binary). Prints nothing. */
int main(void)
{
	return 0;
}
