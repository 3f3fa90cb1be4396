// Minimal test runner: no NuGet here, so no NUnit. Every public method marked [Test] on a
// public class runs once, on a fresh instance (IDisposable instances are disposed after).
// The last line printed is exactly "N passed, N failed"; the exit code is 1 on any failure.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;

namespace Copygate.Tests
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestAttribute : Attribute { }

    public static class TestRunner
    {
        private const int TestTimeoutMs = 60000;

        public static int Main(string[] args)
        {
            string filter = args.Length > 0 ? args[0] : null;
            var tests = typeof(TestRunner).Assembly.GetTypes()
                .Where(t => t.IsPublic && t.IsClass && !t.IsAbstract)
                .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttributes(typeof(TestAttribute), false).Length > 0))
                .OrderBy(m => m.DeclaringType.Name).ThenBy(m => m.Name)
                .ToList();
            int passed = 0, failed = 0;
            foreach (MethodInfo m in tests)
            {
                string name = m.DeclaringType.Name + "." + m.Name;
                if (filter != null && name.IndexOf(filter, StringComparison.OrdinalIgnoreCase) < 0) continue;
                var watch = Stopwatch.StartNew();
                string error = Run(m);
                if (error == null) { passed++; Console.WriteLine("PASS " + name + " (" + watch.ElapsedMilliseconds + " ms)"); }
                else { failed++; Console.WriteLine("FAIL " + name + ": " + error); }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 && passed > 0 ? 0 : 1;
        }

        private static string Run(MethodInfo m)
        {
            string error = null;
            var thread = new Thread(() =>
            {
                object instance = null;
                try
                {
                    instance = Activator.CreateInstance(m.DeclaringType);
                    m.Invoke(instance, null);
                }
                catch (TargetInvocationException e) { error = Describe(e.InnerException); }
                catch (Exception e) { error = Describe(e); }
                finally
                {
                    var d = instance as IDisposable;
                    if (d != null)
                    {
                        try { d.Dispose(); }
                        catch (Exception e) { if (error == null) error = "Dispose: " + Describe(e); }
                    }
                }
            });
            thread.IsBackground = true;
            thread.Start();
            if (!thread.Join(TestTimeoutMs)) return "timed out after " + TestTimeoutMs + " ms";
            return error;
        }

        private static string Describe(Exception e)
        {
            if (e is AssertionException) return e.Message;
            return e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace;
        }
    }

    public sealed class AssertionException : Exception
    {
        public AssertionException(string message) : base(message) { }
    }

    public static class Assert
    {
        public static void Equal<T>(T expected, T actual, string what = null)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new AssertionException((what == null ? "" : what + ": ") + "expected <" + expected + "> but was <" + actual + ">");
        }

        public static void True(bool condition, string what)
        {
            if (!condition) throw new AssertionException("expected true: " + what);
        }

        public static void False(bool condition, string what)
        {
            if (condition) throw new AssertionException("expected false: " + what);
        }

        public static void Null(object value, string what)
        {
            if (value != null) throw new AssertionException(what + ": expected null but was <" + value + ">");
        }

        public static void NotNull(object value, string what)
        {
            if (value == null) throw new AssertionException(what + ": expected a value but was null");
        }

        public static T Throws<T>(Action action, string what) where T : Exception
        {
            try { action(); }
            catch (T e) { return e; }
            catch (Exception e) { throw new AssertionException(what + ": expected " + typeof(T).Name + " but got " + e.GetType().Name + ": " + e.Message); }
            throw new AssertionException(what + ": expected " + typeof(T).Name + " but nothing was thrown");
        }

        /// <summary>Polls until the condition holds; the stubbed NinjaTrader fires events on its own thread.</summary>
        public static void Eventually(Func<bool> condition, string what, int timeoutMs = 5000, Func<object> detail = null)
        {
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < timeoutMs)
            {
                if (condition()) return;
                Thread.Sleep(10);
            }
            if (!condition())
                throw new AssertionException("timed out after " + timeoutMs + " ms waiting for: " + what + (detail == null ? "" : " (now: " + detail() + ")"));
        }
    }
}
