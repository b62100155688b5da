/*
 * outfile.c - writing an output file safely (outfile.h).
 */
#include "report/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"

struct outfile {
	char *what, *path; /* for messages: the option and the path as given */
	char *target;	   /* the file written: path with its links followed */
	char *tmp;	   /* the temporary, renamed over target; NULL: in place */
	int fd;
	int slot;	/* the temporary's slot in the cleanup registry */
	bool is_stdout; /* "-", /dev/stdout...: a descriptor of ours, not closed */
	int error;	/* errno of the first failure, 0: none */
	const char *op; /* what failed: "write", "close" */
};

static void set_error(GError **error, const char *what, const char *path, int e, const char *fmt,
		      ...) G_GNUC_PRINTF(5, 6);

static void set_error(GError **error, const char *what, const char *path, int e, const char *fmt,
		      ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, G_FILE_ERROR, e ? g_file_error_from_errno(e) : G_FILE_ERROR_FAILED,
		    "%s %s: %s", what, path, msg);
}

/* path with symbolic links followed as far as they go (at most 40). */
static char *follow_links(const char *path)
{
	char *p = g_strdup(path);

	for (int i = 0; i < 40; i++) {
		struct stat st;
		char *target, *next;

		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			break;
		target = g_file_read_link(p, NULL);
		if (!target)
			break;
		if (g_path_is_absolute(target)) {
			next = target;
		} else {
			g_autofree char *dir = g_path_get_dirname(p);

			next = g_build_filename(dir, target, NULL);
			g_free(target);
		}
		g_free(p);
		p = next;
	}
	return p;
}

/*
 * The descriptor a name stands for: "-" and /dev/stdout are 1, /dev/stderr
 * 2, /dev/fd/N N (as GNU tools read them); -1 for any other name. Writing
 * to the descriptor keeps its mode (appending, a pipe) and its file.
 */
static int std_fd(const char *path)
{
	guint64 n;

	if (!strcmp(path, "-") || !strcmp(path, "/dev/stdout"))
		return STDOUT_FILENO;
	if (!strcmp(path, "/dev/stderr"))
		return STDERR_FILENO;
	if (g_str_has_prefix(path, "/dev/fd/") &&
	    g_ascii_string_to_unsigned(path + 8, 10, 0, G_MAXINT, &n, NULL))
		return (int)n;
	return -1;
}

static bool names_folder(const char *path)
{
	return !*path || g_str_has_suffix(path, G_DIR_SEPARATOR_S) ||
	       g_file_test(path, G_FILE_TEST_IS_DIR);
}

static bool make_parent(const char *target, const char *what, const char *path, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(target);

	if (g_mkdir_with_parents(dir, 0777) != 0) {
		int e = errno;

		set_error(error, what, path, e, "cannot create the folder %s: %s", dir,
			  g_strerror(e));
		return false;
	}
	return true;
}

static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

static void outfile_free(struct outfile *f)
{
	g_free(f->what);
	g_free(f->path);
	g_free(f->target);
	g_free(f->tmp);
	g_free(f);
}

struct outfile *outfile_open(const char *path, const char *what, GError **error)
{
	struct outfile *f = g_new0(struct outfile, 1);
	struct stat st;
	bool exists;

	f->what = g_strdup(what);
	f->path = g_strdup(path);
	f->slot = -1;
	f->fd = -1;
	if ((f->fd = std_fd(path)) >= 0) {
		if (f->fd == STDOUT_FILENO)
			fflush(stdout); /* what stdio holds goes first */
		f->is_stdout = true;
		return f;
	}
	if (names_folder(path)) {
		set_error(error, what, path, EISDIR, "expected a file name, not a folder");
		goto fail;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a device, FIFO or socket: written in place, never replaced */
		f->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (f->fd < 0) {
			int e = errno;

			set_error(error, what, path, e, "cannot open it: %s", g_strerror(e));
			goto fail;
		}
		return f;
	}
	f->target = follow_links(path);
	exists = stat(f->target, &st) == 0;
	if (!make_parent(f->target, what, path, error))
		goto fail;
	{
		g_autofree char *dir = g_path_get_dirname(f->target);
		g_autofree char *base = g_path_get_basename(f->target);

		sigset_t old;

		f->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
		/* No signal between the temporary's creation and its entry in the
		 * cleanup registry: an interrupt must never leave it behind. */
		cleanup_hold(&old);
		f->fd = g_mkstemp_full(f->tmp, O_WRONLY | O_CLOEXEC, 0600);
		if (f->fd >= 0)
			f->slot = cleanup_path(f->tmp);
		cleanup_release(&old);
		if (f->fd < 0) {
			int e = errno;

			set_error(error, what, path, e, "cannot create a file in %s: %s", dir,
				  g_strerror(e));
			g_free(f->tmp);
			f->tmp = NULL;
			goto fail;
		}
	}
	/* mkstemp makes it 0600: give it the mode of the file it replaces, or a new file's */
	if (fchmod(f->fd, exists ? (st.st_mode & 07777) : new_file_mode()) != 0) {
		/* not worth failing over: the file is still the user's */
	}
	return f;
fail:
	outfile_free(f);
	return NULL;
}

bool outfile_write(struct outfile *f, const void *data, size_t len)
{
	const char *p = data;

	if (f->error)
		return false;
	while (len > 0) {
		ssize_t n = write(f->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			f->error = n < 0 ? errno : EIO;
			f->op = "cannot write it";
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

bool outfile_ok(const struct outfile *f)
{
	return !f->error;
}

static void close_fd(struct outfile *f)
{
	if (f->fd >= 0 && !f->is_stdout && close(f->fd) != 0 && !f->error) {
		f->error = errno;
		f->op = "cannot write it";
	}
	f->fd = -1;
}

static void remove_tmp(struct outfile *f)
{
	if (f->tmp)
		g_unlink(f->tmp);
	cleanup_forget(f->slot);
	f->slot = -1;
}

bool outfile_commit(struct outfile *f, GError **error)
{
	bool ok;

	close_fd(f);
	if (!f->error && f->tmp && g_rename(f->tmp, f->target) != 0) {
		f->error = errno;
		f->op = "cannot put it in place";
	}
	ok = !f->error;
	if (ok) {
		cleanup_forget(f->slot);
	} else {
		set_error(error, f->what, f->path, f->error, "%s: %s", f->op, g_strerror(f->error));
		remove_tmp(f);
	}
	outfile_free(f);
	return ok;
}

void outfile_discard(struct outfile *f)
{
	if (!f)
		return;
	close_fd(f);
	remove_tmp(f);
	outfile_free(f);
}

bool outfile_save(const char *path, const char *what, const void *data, size_t len, GError **error)
{
	struct outfile *f = outfile_open(path, what, error);

	if (!f)
		return false;
	outfile_write(f, data, len);
	return outfile_commit(f, error);
}

bool outfile_check(const char *path, const char *what, GError **error)
{
	g_autofree char *target = NULL;
	g_autofree char *dir = NULL;
	g_autofree char *probe = NULL;
	struct stat st;
	int fd;

	if (std_fd(path) >= 0)
		return true;
	if (names_folder(path)) {
		set_error(error, what, path, EISDIR, "expected a file name, not a folder");
		return false;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return true; /* written in place: opened when written */
	target = follow_links(path);
	if (!make_parent(target, what, path, error))
		return false;
	dir = g_path_get_dirname(target);
	probe = g_build_filename(dir, ".schedlab-probe-XXXXXX", NULL);
	fd = g_mkstemp(probe);
	if (fd < 0) {
		int e = errno;

		set_error(error, what, path, e, "cannot write into %s: %s", dir, g_strerror(e));
		return false;
	}
	close(fd);
	g_unlink(probe);
	return true;
}
